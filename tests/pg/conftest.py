"""Fixtures of the PostgreSQL-only tests. They use the API suite's harness (tests/api on
PYTHONPATH) with pg_plugin loaded, so that servers run on fresh PostgreSQL databases; the
cluster itself is tests/run.sh's (URA_TEST_DB_URL, and URA_TEST_PG_CLUSTER for outages)."""

import pytest

from harness import ura_bin


@pytest.fixture(scope="session")
def ura():
    path = ura_bin()
    if not path.is_file():
        pytest.fail(f"{path} does not exist: build the server (make) or set URA_BIN", pytrace=False)
    return path
