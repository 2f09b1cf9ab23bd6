#!/usr/bin/python3
"""What one signed-in account could do to the server before issue 11's fixes, measured on a
given binary (run it against a build of main and of the fix to compare):

  attendance   PUT /meetings/{id}/attendance with N rows of one institution: time, peak RSS
  case_ids     POST /mechanisms/{id}/meeting-requests with N case ids while another client
               writes: the request's time, the longest wait of the other client's writes
  consent      POST /cases/{id}/consents with N distinct institution ids: time, RSS
  slowloris    N connections from 127.0.0.2 sending a byte now and then: whether requests
               from 127.0.0.1 are answered while they hold, and how long the slowest took

Usage: bench/hardening.py BINARY [attendance=N [by=caseworker|coordinator]] [case_ids=N]
                                 [cases=N] [consent=N] [slowloris=N] [seconds=S]
Each measurement starts its own server on a fresh database in a temporary directory.
"""

import json
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "api"))
os.environ.setdefault("URA_BIN", sys.argv[1] if len(sys.argv) > 1 else "build/ura")

import harness  # noqa: E402
from test_cases import Site, case_body, create, new_person  # noqa: E402


def peak_rss_mib(server):
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(fn):
    start = time.monotonic()
    try:
        result = fn()
    except Exception as e:   # a dead server is a result too
        result = f"no answer ({type(e).__name__})"
    return time.monotonic() - start, result


def status(r):
    return r if isinstance(r, str) else r.status


def fresh(**env):
    server = harness.Server(tempfile.mkdtemp(prefix="ura-bench-"))
    server.start(now=harness.T0, **env)
    admin = server.sign_in_admin()
    return server, admin, Site(server, admin)


def stop(server):
    try:
        server.stop()
    except AssertionError as e:
        print(f"  (the server had died: {str(e).splitlines()[0]})")


def attendance(n, by):
    server, admin, site = fresh()
    meeting = site.client("coordinator").post(
        f"/mechanisms/{site.mechanism['id']}/meetings",
        {"kind": "regular", "scheduled_at": "2026-12-10T09:00:00Z"}).json
    rows = [{"institution_id": site.owner["id"], "present": True}] * n
    before = peak_rss_mib(server)
    secs, r = timed(lambda: site.client(by).put(f"/meetings/{meeting['id']}/attendance", rows))
    alive = server.proc.poll() is None
    print(f"attendance {n} rows ({len(json.dumps(rows)) // 1024} KiB) by the {by}: "
          f"{status(r)} in {secs:.2f} s; peak RSS {before:.0f} -> "
          f"{peak_rss_mib(server) if alive else 0:.0f} MiB; server {'up' if alive else 'DIED'}")
    stop(server)


def writer_waits(client, case_id, stop_flag, waits):
    while not stop_flag.is_set():
        start = time.monotonic()
        client.post(f"/cases/{case_id}/notes", {"body": "shënim"})
        waits.append(time.monotonic() - start)


def case_ids(n, cases):
    server, admin, site = fresh()
    police = site.client("caseworker")
    ids = [create(police, case_body(site, new_person()))["id"] for _ in range(cases)]
    other = site.client("other_caseworker")
    stop_flag, waits = threading.Event(), []
    t = threading.Thread(target=writer_waits, args=(police, ids[0], stop_flag, waits))
    t.start()
    time.sleep(0.5)   # the other client's writes are flowing
    body = {"reason": "Takim i jashtëzakonshëm", "case_ids": list(range(10**6, 10**6 + n))}
    secs, r = timed(lambda: other.post(f"/mechanisms/{site.mechanism['id']}/meeting-requests",
                                       body))
    time.sleep(0.5)
    stop_flag.set()
    t.join()
    print(f"meeting request with {n} case_ids ({cases} cases in the mechanism): {status(r)} "
          f"in {secs:.2f} s; other client's writes meanwhile: {len(waits)}, "
          f"longest {max(waits):.2f} s")
    at_cap = {"reason": "Takim", "case_ids": ids[:50]}
    secs, r = timed(lambda: other.post(f"/mechanisms/{site.mechanism['id']}/meeting-requests",
                                       at_cap))
    print(f"meeting request with {len(at_cap['case_ids'])} real case_ids: {status(r)} "
          f"in {secs * 1000:.1f} ms")
    stop(server)


def consent(n):
    server, admin, site = fresh()
    police = site.client("caseworker")
    case = create(police, case_body(site, new_person()))
    body = {"given": True, "method": "written",
            "institution_ids": list(range(10**6, 10**6 + n))}   # distinct: each compared
    before = peak_rss_mib(server)
    secs, r = timed(lambda: police.post(f"/cases/{case['id']}/consents", body))
    print(f"consent with {n} institution_ids: {status(r)} in {secs:.2f} s; peak RSS "
          f"{before:.0f} -> {peak_rss_mib(server):.0f} MiB")
    stop(server)


def probe(server):
    """GET /healthz from 127.0.0.1 with a 5 s guard: True when answered 200."""
    try:
        with socket.create_connection((server.host, server.port), timeout=5) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: ura\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def slowloris(n, seconds):
    server, admin, site = fresh()
    held, refused = [], 0
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.2", 0))
        s.setblocking(False)
        try:
            s.connect((server.host, server.port))
        except BlockingIOError:
            pass
        held.append(s)
    time.sleep(1)
    worst, ok, failed = 0.0, 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for s in list(held):   # one byte each, now and then: the timeout restarts on main
            try:
                s.send(b"G")
            except OSError:
                held.remove(s)
                s.close()
                refused += 1
        for _ in range(5):
            secs, answered = timed(lambda: probe(server))
            worst = max(worst, secs)
            ok, failed = (ok + 1, failed) if answered is True else (ok, failed + 1)
        time.sleep(0.5)
    print(f"slowloris: {n} connections from 127.0.0.2 for {seconds} s; closed by the server "
          f"{refused}, still open at the end {len(held)}; requests from 127.0.0.1: {ok} "
          f"answered, {failed} not; slowest {worst:.2f} s")
    for s in held:
        s.close()
    stop(server)


def main():
    args = dict(a.split("=") for a in sys.argv[2:])
    if "attendance" in args:
        attendance(int(args["attendance"]), args.get("by", "caseworker"))
    if "case_ids" in args:
        case_ids(int(args["case_ids"]), int(args.get("cases", 200)))
    if "consent" in args:
        consent(int(args["consent"]))
    if "slowloris" in args:
        slowloris(int(args["slowloris"]), int(args.get("seconds", 40)))


if __name__ == "__main__":
    main()
