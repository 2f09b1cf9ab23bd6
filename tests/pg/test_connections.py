"""How many PostgreSQL connections a `ura serve` process holds. Each is a server process
(about 30 ms of CPU to start and 25 ms to end on a 2-core VM), so a process opens one for its
writer and otherwise takes, for each request and each background job's round, a connection
another left idle (store/store.h, store_read_begin and store_round_begin); the leader's
advisory lock is held on the writer's. A request's connections used to be one per worker
thread that served one (16 threads), and each job had its own."""

import threading

import pgdb

from harness import Server


def backends_of(server):
    """The client connections open on the server's database (not this query's)."""
    name = server.db.split("?")[0].rsplit("/", 1)[1]
    rows = pgdb.query(pgdb.server_url(), "SELECT count(*) FROM pg_stat_activity WHERE "
                                         f"datname = {pgdb.literal(name)} "
                                         "AND backend_type = 'client backend'")
    return int(rows[0][0])


def test_requests_one_after_another_reuse_one_connection(tmp_path):
    s = Server(tmp_path).start()
    try:
        # the writer, the main thread's (now idle) and the one the scanner and retention's
        # first rounds ran on at the same time
        at_start = backends_of(s)
        assert at_start <= 3, at_start
        admin = s.sign_in_admin()
        for _ in range(40):   # each on a new HTTP connection, served by any worker thread
            r = admin.get("/me")
            assert r.status == 200, r
        assert backends_of(s) == at_start
    finally:
        s.stop()


def test_concurrent_requests_open_no_more_connections_than_they_need(tmp_path):
    s = Server(tmp_path).start()
    try:
        admin = s.sign_in_admin()
        start, failures = threading.Barrier(4), []

        def run():
            start.wait()
            for _ in range(10):
                r = admin.get("/me")
                if r.status != 200:
                    failures.append(r)

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures
        # the writer, and one a request at most at a time (four clients; two jobs' at start)
        assert backends_of(s) <= 1 + 4 + 2, backends_of(s)
    finally:
        s.stop()
