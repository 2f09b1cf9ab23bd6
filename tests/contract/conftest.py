"""Fixtures of the contract suite: one server (SQLite, clock fixed), its world, the document.

The server and the world are made once for the whole run; the operations are taken from the
document at collection time, so a route documented later is tested without editing the suite.
"""

import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="ura-hypothesis-"))   # not in the work tree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "api"))
sys.path.insert(0, str(HERE))

from harness import REPO, Server, ura_bin  # noqa: E402
from checks import check_response  # noqa: E402
from document import Document  # noqa: E402
from world import NOW, World  # noqa: E402

SOURCE = REPO / "src" / "api" / "openapi.json"


def load_document():
    return Document(json.loads(SOURCE.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not ura_bin().is_file():
        pytest.fail(f"{ura_bin()} does not exist: build the server (make) or set URA_BIN",
                    pytrace=False)
    s = Server(tmp_path_factory.mktemp("contract"))
    s.start(now=NOW)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def world(server):
    doc = load_document()
    problems, seen = [], {}

    def check(method, path, r):
        op = doc.find(method, path)
        found = [f"no operation {method} {path}"] if op is None else check_response(doc, op, r)
        problems.extend(f"{p}\n    {method} {path}: {r!r}" for p in found)
        if op is not None:
            seen.setdefault(op.key, set()).add(r.status)

    w = World(server, check)
    w.problems, w.seen = problems, seen   # the statuses of the world's answers, per operation
    return w


def pytest_terminal_summary(terminalreporter):
    """How much the run covered: operations, requests, time, and what it never reached."""
    from test_contract import SUITES
    for suite in SUITES:
        for line in suite.summary():
            terminalreporter.write_line(line)
