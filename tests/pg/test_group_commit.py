"""Group commit on PostgreSQL: each `ura serve` process's writer commits the writes waiting
for it in one transaction, each in its own savepoint, after locking the audit chain's head row.
The test holds that row lock itself, so that both processes' writers wait on it with writes
queued behind them; once it lets go, each queue is committed as one batch: a failing write
rolls back alone (its audit entry with it) while its batch-mates commit, the two processes'
batches take turns on the lock without a deadlock, and the audit chain verifies with gap-free
ids. Audited reads queued the same way leave one entry each."""

import threading
import time

import pgdb
import psycopg2
import pytest

from harness import assert_problem, cli_output, run_cli
from pg_plugin import two_processes

POLLS = 600          # bounds on the waits below, 600 x 50 ms = 30 s at most
POLL_INTERVAL = 0.05
CODES_PER_PROCESS = 4


@pytest.fixture
def pair(ura, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    servers = two_processes(tmp_path / "a", tmp_path / "b")
    yield servers
    for s in servers:
        s.stop()


def poll(condition, what, servers):
    for _ in range(POLLS):
        if condition():
            return
        time.sleep(POLL_INTERVAL)
    raise AssertionError(f"{what}: not after {POLLS * POLL_INTERVAL:.0f} s\n" +
                         "\n".join(s.log_tail() for s in servers))


def writers_waiting_on_lock(db):
    return int(pgdb.query(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND wait_event_type = 'Lock' AND "
                              "query LIKE '%audit_head%FOR UPDATE%'")[0][0])


def writer(server):
    """The process's writer counters from /metrics: writes, batches (commits), pending."""
    text = server.client().get("/metrics", root=True).text
    found = {}
    for name in ("writes_total", "write_batches_total", "writes_pending"):
        line = next(x for x in text.splitlines() if x.startswith(f"ura_store_{name} "))
        found[name] = int(line.split()[1])
    return found["writes_total"], found["write_batches_total"], found["writes_pending"]


def all_at_once(calls):
    """Calls each function from a thread of its own; the answers in the same order."""
    answers = [None] * len(calls)

    def run(i):
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    return threads, answers


def post_all(jobs):
    """Posts each (client, body) to /municipalities at once; the answers in the same order."""
    return all_at_once([lambda c=client, b=body: c.post("/municipalities", b)
                        for client, body in jobs])


def body(code):
    return {"name": f"Bashkia {code}", "code": code, "country": "AL"}


def assert_chain_gap_free(db):
    """`ura audit verify` accepts the chain, and its ids run 1, 2, ... without a gap."""
    count, first, last = pgdb.query(db, "SELECT count(*), min(id), max(id) FROM audit_log")[0]
    assert (int(first), int(last)) == (1, int(count)), (count, first, last)
    proc = run_cli("audit", "verify", "--db", db)
    assert proc.returncode == 0 and "audit chain intact" in proc.stdout, cli_output(proc)


class HeadLock:
    """Holds the audit head's row lock, as a batch does, until release(): the writers that
    come to it wait, with the writes after theirs queued behind them."""

    def __init__(self, db):
        self.conn = psycopg2.connect(db)
        self.conn.cursor().execute("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE")

    def release(self):
        self.conn.rollback()
        self.conn.close()


def test_batches_commit_together_a_failure_rolls_back_alone_and_the_chain_holds(pair):
    a, b = pair
    db = a.db
    # Everything that writes (signing in) before the head is locked.
    clients = {s: [s.sign_in_admin() for _ in range(2 * CODES_PER_PROCESS + 1)] for s in pair}
    codes = {s: [a.next_code() for _ in range(CODES_PER_PROCESS)] for s in pair}
    before = {s: writer(s) for s in pair}
    assert [before[s][2] for s in pair] == [0, 0], before
    lock = HeadLock(db)
    try:
        # One write per process, taken alone into a batch that now waits for the lock.
        first, first_answers = post_all([(clients[s][0], body(a.next_code())) for s in pair])
        poll(lambda: writers_waiting_on_lock(db) == 2, "both writers wait for the head", pair)
        # Behind them, each code twice per process: one of each pair must be refused.
        jobs = [(clients[s][1 + 2 * i + k], body(code))
                for s in pair for i, code in enumerate(codes[s]) for k in (0, 1)]
        rest, answers = post_all(jobs)
        poll(lambda: all(writer(s)[2] >= 1 + 2 * CODES_PER_PROCESS for s in pair),
             "every write queued", pair)
    finally:
        lock.release()
    for t in first + rest:
        t.join()
    assert [r.status for r in first_answers] == [201, 201], first_answers
    for n in range(0, len(jobs), 2):
        pair_answers = sorted([answers[n], answers[n + 1]], key=lambda r: r.status)
        assert [r.status for r in pair_answers] == [201, 422], pair_answers
        assert_problem(pair_answers[1], 422, "code")
    # Each process committed its nine writes in two transactions: the first one alone, then
    # the eight that had queued behind it, the refused ones included. (The only background
    # writer, the deadline scanner, has nothing to write in a database without cases.)
    for s in pair:
        writes, batches, pending = writer(s)
        assert (writes - before[s][0], batches - before[s][1], pending) == (9, 2, 0), \
            (s.log_tail(), before[s], writes, batches, pending)
    # The refused writes left no audit entry: the entries name exactly the municipalities made.
    # The chain runs through both processes' batches.
    made = pgdb.query(db, "SELECT object_id FROM audit_log WHERE action = "
                          "'municipality.create' ORDER BY object_id")
    rows = pgdb.query(db, "SELECT id FROM municipalities ORDER BY id")
    assert made == rows and len(rows) >= 2 + 2 * CODES_PER_PROCESS, (made, rows)
    assert_chain_gap_free(db)


READS_PER_PROCESS = 6


def test_audited_reads_in_one_batch_leave_one_entry_each(pair):
    a, b = pair
    db = a.db
    clients = {s: [s.sign_in_admin() for _ in range(READS_PER_PROCESS + 1)] for s in pair}
    before = {s: writer(s) for s in pair}

    def read(client):  # the retention dry run: an audited read ("retention.dry_run")
        return lambda: client.get("/retention")

    lock = HeadLock(db)
    try:
        first, first_answers = all_at_once([read(clients[s][0]) for s in pair])
        poll(lambda: writers_waiting_on_lock(db) == 2, "both writers wait for the head", pair)
        rest, answers = all_at_once([read(c) for s in pair for c in clients[s][1:]])
        poll(lambda: all(writer(s)[2] >= 1 + READS_PER_PROCESS for s in pair),
             "every read's entry queued", pair)
    finally:
        lock.release()
    for t in first + rest:
        t.join()
    assert all(r.status == 200 for r in first_answers + answers), first_answers + answers
    for s in pair:
        writes, batches, pending = writer(s)
        assert (writes - before[s][0], batches - before[s][1], pending) == \
            (1 + READS_PER_PROCESS, 2, 0), (s.log_tail(), before[s], writes, batches, pending)
    reads = pgdb.query(db, "SELECT count(*), count(DISTINCT request_id) FROM audit_log "
                           "WHERE action = 'retention.dry_run'")
    assert reads == [[str(2 * (1 + READS_PER_PROCESS))] * 2], reads
    assert_chain_gap_free(db)
