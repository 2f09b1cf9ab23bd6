"""The audit log's actions, as the code writes them, are the ones the document lists.

GET /audit answers entries whose `action` the document enumerates (AuditEntry.action). An
action the code writes and the document does not list breaks every client that trusts the
enum; one the document lists and the code never writes is a promise nobody keeps. This reads
the actions out of the C source and compares both ways, so adding an audited operation
without documenting its action fails here, before any request is made.

Every action is a string literal "object.verb" in src/ (outside store/, whose SQL has aliases
of that shape, and domain/, which writes nothing); the CLI also builds the action
"<entity>.create" for the directory entities it inserts. Literals of the same
shape that are not actions (field paths in error messages) are listed in NOT_ACTIONS.
"""

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "src"
DOCUMENT = SOURCE / "api" / "openapi.json"

LITERAL = re.compile(r'"([a-z_]+\.[a-z_]+)"')
ENTITY_FORMAT = re.compile(r'\baction\b[^;]*"%s\.([a-z_]+)"')
ENTITY_NAME = re.compile(r'\.name\s*=\s*"([a-z_]+)",\s*\.table\s*=')
NOT_ACTIONS = {
    # field paths named in errors[] and in the audit's list of changed fields
    "survivor.address", "survivor.address_confidential", "survivor.date_of_birth",
    "survivor.municipality_id", "survivor.sex", "consent.institution_ids",
}


def _code(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def code_actions():
    """The actions the C source can write, with the files that write each."""
    found = {}
    entities = ENTITY_NAME.findall(_code(SOURCE / "domain" / "directory.c"))
    assert entities, "no directory entities found in src/domain/directory.c"
    for path in sorted(SOURCE.rglob("*.c")):
        if path.relative_to(SOURCE).parts[0] in ("store", "domain"):
            continue   # SQL aliases ("c.owner_institution_id"), paths in definitions: no I/O
        code = _code(path)
        names = set(LITERAL.findall(code)) - NOT_ACTIONS
        for verb in ENTITY_FORMAT.findall(code):
            names |= {f"{e}.{verb}" for e in entities}
        for name in names:
            found.setdefault(name, []).append(str(path.relative_to(REPO)))
    return found


def document_actions():
    doc = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return set(doc["components"]["schemas"]["AuditEntry"]["properties"]["action"]["enum"])


def test_every_action_the_code_writes_is_documented():
    missing = {a: where for a, where in code_actions().items() if a not in document_actions()}
    assert not missing, ("audit actions written by the code but missing from AuditEntry.action "
                         f"in src/api/openapi.json: {missing}")


def test_every_documented_action_is_written_by_the_code():
    stale = document_actions() - set(code_actions())
    assert not stale, f"AuditEntry.action lists actions no code writes: {sorted(stale)}"


def test_the_extraction_sees_known_actions():
    """The reader finds actions of every shape the code uses (a guard against a regex that
    silently finds nothing)."""
    actions = code_actions()
    for known in ("case.read", "referral.accept", "user.create", "municipality.update",
                  "data_key.rotate", "meeting.attendance", "transfer.list"):
        assert known in actions, known


def test_notification_kinds_are_the_labelled_ones():
    """Notification.kind lists every kind the UI has a label for (data/labels.json), and
    only those: a kind added to the server and its labels but not to the document breaks
    every GET /notifications of a client that trusts the enum."""
    labels = json.loads((REPO / "data" / "labels.json").read_text(encoding="utf-8"))
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    kinds = document["components"]["schemas"]["Notification"]["properties"]["kind"]["enum"]
    assert set(kinds) == set(labels["notification_kind"]), (
        set(kinds) ^ set(labels["notification_kind"]))
