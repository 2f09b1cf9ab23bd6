"""PostgreSQL stops and starts again under a running `ura serve`: requests get 503 problems
during the outage, and the same process serves again once the database is back, without a
restart (connections are re-established on their next use)."""

import os
import subprocess
import time
from pathlib import Path

import pytest

from harness import Server, assert_problem, cli_output, run_cli, uniq

CLUSTER_SCRIPT = Path(__file__).resolve().parent / "pg_cluster.sh"
RECOVERY_POLLS = 600          # a bound on the wait, 600 x 50 ms = 30 s at most
POLL_INTERVAL = 0.05


def cluster(action):
    directory = os.environ.get("URA_TEST_PG_CLUSTER")
    if not directory:
        pytest.fail("URA_TEST_PG_CLUSTER names the test cluster's directory (tests/run.sh)")
    proc = subprocess.run([str(CLUSTER_SCRIPT), action, directory], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, f"pg_cluster.sh {action}: {proc.stdout}{proc.stderr}"


def wait_until_ready(server):
    """Polls /readyz (bounded); the seconds it took."""
    began = time.monotonic()
    for _ in range(RECOVERY_POLLS):
        if server.client().get("/readyz", root=True).status == 200:
            return time.monotonic() - began
        time.sleep(POLL_INTERVAL)
    raise AssertionError(f"not ready {RECOVERY_POLLS * POLL_INTERVAL:.0f} s after PostgreSQL "
                         f"came back\n{server.log_tail()}")


def new_municipality_body(server):
    return {"name": f"Bashkia {uniq()}", "code": server.next_code(), "country": "AL"}


def test_outage_answers_503_and_service_resumes_by_itself(ura, tmp_path):
    s = Server(tmp_path).start()
    try:
        admin = s.sign_in_admin()
        assert admin.post("/municipalities", new_municipality_body(s)).status == 201
        cluster("down")
        try:
            assert_problem(admin.get("/me"), 503)
            assert_problem(admin.post("/municipalities", new_municipality_body(s)), 503)
            assert_problem(s.client().get("/readyz", root=True), 503)
            assert_problem(s.client().sign_in("admin", "whatever-password"), 503)
        finally:
            cluster("up")
        took = wait_until_ready(s)
        print(f"ready again {took:.2f} s after PostgreSQL started")
        # The session made before the outage is still valid: it lives in the database.
        assert admin.get("/me").status == 200
        assert admin.post("/municipalities", new_municipality_body(s)).status == 201
        assert s.proc.poll() is None, "ura serve exited"
    finally:
        s.stop()
    proc = run_cli("audit", "verify", "--db", s.db)
    assert proc.returncode == 0 and "audit chain intact" in proc.stdout, cli_output(proc)


def test_every_worker_recovers_not_just_one(ura, tmp_path):
    """Many requests after the restart, so that each worker's connection is exercised."""
    s = Server(tmp_path).start()
    try:
        admin = s.sign_in_admin()
        for _ in range(40):
            assert admin.get("/me").status == 200
        cluster("down")
        cluster("up")
        wait_until_ready(s)
        statuses = [admin.get("/me").status for _ in range(80)]
        assert statuses == [200] * 80, statuses
        assert admin.post("/municipalities", new_municipality_body(s)).status == 201
    finally:
        s.stop()
