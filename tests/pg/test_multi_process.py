"""Several `ura serve` processes on one PostgreSQL database, as behind a load balancer:
sessions made through one are valid on the others, and concurrent writes through all of
them keep unique constraints and the audit chain intact."""

import threading

import pgdb
import pytest

from harness import assert_problem, cli_output, new_institution, run_cli, uniq
from pg_plugin import two_processes

PROCESSES = 2


@pytest.fixture(scope="module")
def pair(ura, tmp_path_factory):
    """Two servers on the same fresh database (the first made it with `ura init`)."""
    servers = two_processes(tmp_path_factory.mktemp("ura-a"), tmp_path_factory.mktemp("ura-b"))
    yield servers
    for s in servers:
        s.stop()


def test_a_session_made_on_one_process_works_on_the_other(pair):
    a, b = pair
    client = a.sign_in_admin()
    client.server = b                      # same cookie and CSRF token, other process
    r = client.get("/me")
    assert r.status == 200 and r.json["username"] == "admin", r
    r = client.post("/municipalities", {"name": f"Bashkia {uniq()}", "code": a.next_code(),
                                        "country": "AL"})
    assert r.status == 201, r
    client.server = a
    assert client.get(f"/municipalities/{r.json['id']}").status == 200


def test_signing_out_on_one_process_ends_the_session_on_the_other(pair):
    a, b = pair
    client = a.sign_in_admin()
    cookies = dict(client.cookies)
    assert client.delete("/session").status in (200, 204)
    client.server, client.cookies = b, cookies   # the old cookie, replayed on the other
    assert client.get("/me").status == 401


def _create_concurrently(clients, bodies_for, path):
    """Each client posts every body of its list at the same time as the others."""
    results = [[] for _ in clients]
    start = threading.Barrier(len(clients))

    def run(i):
        start.wait()
        for body in bodies_for(i):
            results[i].append(clients[i].post(path, body))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_creations_through_both_processes(pair):
    a, b = pair
    clients = [a.sign_in_admin(), b.sign_in_admin()]
    codes = [a.next_code() for _ in range(30)]
    # Both processes try every code: each code is taken exactly once, the rest are 422s.
    results = _create_concurrently(
        clients, lambda i: [{"name": f"Bashkia {uniq()}", "code": c, "country": "AL"}
                            for c in codes], "/municipalities")
    for n, code in enumerate(codes):
        answers = sorted(results[i][n].status for i in range(len(clients)))
        assert answers == [201, 422], (code, [results[i][n] for i in range(len(clients))])
    for i in range(len(clients)):
        for r in results[i]:
            if r.status == 422:
                assert_problem(r, 422, "code")
    # Users with distinct names through both at once: all made, ids distinct.
    institution = new_institution(clients[0])["id"]
    made = _create_concurrently(
        clients, lambda i: [{"username": f"cw-{i}-{uniq()}", "display_name": "Punonjëse",
                             "password": f"Pw-{uniq()}-long-enough", "role": "caseworker",
                             "institution_id": institution} for _ in range(15)], "/users")
    ids = [r.json["id"] for rs in made for r in rs if r.status == 201]
    assert len(ids) == 30 and len(set(ids)) == 30, made


def test_the_audit_chain_stays_intact_and_complete(pair):
    a, _ = pair
    proc = run_cli("audit", "verify", "--db", a.db)
    assert proc.returncode == 0, cli_output(proc)
    assert "audit chain intact" in proc.stdout, cli_output(proc)
    count, first, last = map(int, pgdb.query(a.db, "SELECT count(*), min(id), max(id) "
                                                   "FROM audit_log")[0])
    assert (first, last) == (1, count), "the audit sequence has gaps"
    assert f"{count} entries" in proc.stdout, cli_output(proc)
    # Exactly one entry per municipality made, none for the refused duplicates.
    made = pgdb.query(a.db, "SELECT count(*) FROM audit_log WHERE action = 'municipality.create'")
    rows = pgdb.query(a.db, "SELECT count(*) FROM municipalities")
    assert made == rows, (made, rows)
