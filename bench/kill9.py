#!/usr/bin/env python3
"""Kill -9 soak: every write Ura acknowledged survives a crash of its process.

Called by bench/kill9.sh (which prepares the database: a SQLite file, or a PostgreSQL URL on a
throw-away cluster). Each round starts `ura serve`, runs concurrent clients that create cases
and add notes through the real API as the owner institution's caseworker, recording every
acknowledged write (a 201 with its id), kills the server with SIGKILL at a random moment,
then checks the database as it was left (SQLite: PRAGMA integrity_check; both engines: `ura
audit verify`), starts the server again and reads every acknowledged write of the round back
through the API. A last pass lists every case of the whole run. Prints a summary; exits 1 if
any acknowledged write is missing or any check fails.

Only the Python standard library; the clients speak HTTP/1.1 with keep-alive, as a browser or
an integration would.
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time

LISTENING = re.compile(r"^ura: listening on http://127\.0\.0\.1:(\d+)$")
CASEWORKER = "punonjesi"   # the demo's police caseworker (src/cli/demo.c)
MECHANISM_ID = 1           # the demo's mechanism
START_TIMEOUT = 60         # a guard against a server that never starts
HTTP_TIMEOUT = 30


class Failure(Exception):
    """A check that failed: the soak stops and says why."""


class Server:
    """One `ura serve` process on a free loopback port."""

    def __init__(self, args, log):
        self.args, self.log, self.proc, self.port = args, log, None, None

    def command(self, *words):
        cmd = [self.args.ura, *words, "--db", self.args.db]
        return cmd + (["--key", self.args.key] if self.args.key else [])

    def start(self):
        # Unbuffered: readline then takes one line off the pipe and leaves the next one there,
        # where select sees it (a buffered reader would swallow both and select would wait).
        self.proc = subprocess.Popen(self.command("serve", "--listen", "127.0.0.1:0"),
                                     stdout=subprocess.PIPE, stderr=self.log, bufsize=0,
                                     stdin=subprocess.DEVNULL, env=clean_env())
        # Other lines ("ura: deadlines scanned") may come before the address.
        deadline, line, match = time.monotonic() + START_TIMEOUT, "", None
        while match is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [],
                                        max(0.0, deadline - time.monotonic()))
            line = self.proc.stdout.readline().decode(errors="replace").strip() if ready else ""
            if not ready or line == "" and self.proc.poll() is not None:
                break
            match = LISTENING.match(line)
        if not match:
            self.proc.kill()
            self.proc.wait()
            raise Failure(f"the server did not start (it said {line!r}; see {self.log.name})")
        self.port = int(match.group(1))

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()
            self.proc.stdout.close()


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("URA_")}


def call(conn, method, path, body=None, headers=None):
    """One request on a kept-alive connection: (status, headers, JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json"} if data is not None else {}
    hdrs.update(headers or {})
    conn.request(method, path, body=data, headers=hdrs)
    resp = conn.getresponse()
    raw = resp.read()
    doc = json.loads(raw) if raw and "json" in (resp.getheader("Content-Type") or "") else None
    return resp.status, resp, doc


class Client:
    """The caseworker's token, over one connection per thread."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)

    def call(self, method, path, body=None):
        return call(self.conn, method, path, body, {"Authorization": f"Bearer {self.token}"})

    def close(self):
        self.conn.close()


def demo_password(args):
    """`ura demo` makes the mechanism and its users and prints their passwords once."""
    out = subprocess.run(Server(args, None).command("demo"), capture_output=True, text=True,
                         env=clean_env(), stdin=subprocess.DEVNULL, timeout=300)
    if out.returncode != 0:
        raise Failure(f"ura demo failed: {out.stderr.strip()}")
    for line in out.stdout.splitlines():
        words = line.split()
        # "  login  role  password  institution…": the institution follows the password.
        if len(words) >= 3 and words[0] == CASEWORKER:
            return words[2]
    raise Failure("ura demo printed no caseworker account")


def api_token(port, password):
    """Signs the caseworker in and makes an API token (tokens survive restarts)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    status, resp, doc = call(conn, "POST", "/api/v1/session",
                             {"username": CASEWORKER, "password": password})
    if status != 201:
        raise Failure(f"sign-in answered {status}: {doc}")
    cookie = resp.getheader("Set-Cookie").split(";")[0]
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
    status, _, doc = call(conn, "POST", "/api/v1/tokens",
                          {"name": "kill9", "expires_at": until.strftime("%Y-%m-%dT%H:%M:%SZ")},
                          {"Cookie": cookie, "X-CSRF-Token": doc["csrf_token"]})
    conn.close()
    if status != 201:
        raise Failure(f"POST /tokens answered {status}: {doc}")
    return doc["token"]


class Round:
    """What the clients of one round were told was written."""

    def __init__(self, number):
        self.number = number
        self.lock = threading.Lock()
        self.cases = {}          # case id -> survivor given name
        self.notes = {}          # home case id -> {note id: body}
        self.refused = {}        # status -> count (not acknowledged, so not checked)
        self.first_ack = threading.Event()

    def writes(self):
        return len(self.cases) + sum(len(n) for n in self.notes.values())


def client_loop(port, token, rnd, number):
    """Creates cases and adds notes to this client's first case until the server dies."""
    client, home, n = Client(port, token), None, 0
    try:
        while True:
            n += 1
            name = f"K{rnd.number}c{number}n{n}"
            status, _, doc = client.call("POST", "/api/v1/cases", {
                "kind": "domestic_violence", "mechanism_id": MECHANISM_ID,
                "survivor": {"given_name": name, "family_name": "Soak", "sex": "female"}})
            with rnd.lock:
                if status == 201:
                    rnd.cases[doc["id"]] = name
                    home = home or doc["id"]
                    rnd.notes.setdefault(home, {})
                    rnd.first_ack.set()
                else:
                    rnd.refused[status] = rnd.refused.get(status, 0) + 1
            if home is None:
                continue
            text = f"note {name}"
            status, _, doc = client.call("POST", f"/api/v1/cases/{home}/notes",
                                         {"body": text, "visibility": "institution"})
            with rnd.lock:
                if status == 201:
                    rnd.notes[home][doc["id"]] = text
                else:
                    rnd.refused[status] = rnd.refused.get(status, 0) + 1
    except (OSError, http.client.HTTPException, ValueError):
        pass  # the server was killed: the write in flight is not acknowledged
    finally:
        client.close()


def list_all(client, path, after=0):
    """Every item of a list endpoint from cursor `after`, page by page."""
    items = []
    while True:
        sep = "&" if "?" in path else "?"
        status, _, doc = client.call("GET", f"{path}{sep}limit=500&cursor={after}"
                                     if after else f"{path}{sep}limit=500")
        if status != 200:
            raise Failure(f"GET {path} answered {status}: {doc}")
        items += doc["items"]
        if not doc["next"]:
            return items
        after = int(doc["next"])


def check_database(args):
    """The database as the kill left it: integrity (SQLite) and the audit chain."""
    if not args.postgres:
        db = sqlite3.connect(args.db)
        result = db.execute("PRAGMA integrity_check").fetchall()
        db.close()
        if result != [("ok",)]:
            raise Failure(f"PRAGMA integrity_check: {result[:5]}")
    out = subprocess.run(Server(args, None).command("audit", "verify"), capture_output=True,
                         text=True, env=clean_env(), stdin=subprocess.DEVNULL, timeout=600)
    if out.returncode != 0:
        raise Failure(f"ura audit verify: {(out.stdout + out.stderr).strip()}")


def verify_round(client, rnd):
    """Reads back, as the owner, every write the round acknowledged; returns how many are lost."""
    lost = 0
    if rnd.cases:
        listed = {c["id"] for c in list_all(client, "/api/v1/cases", min(rnd.cases) - 1)}
        missing = sorted(set(rnd.cases) - listed)
        for case_id in missing:
            print(f"  LOST case {case_id} ({rnd.cases[case_id]})", file=sys.stderr)
        lost += len(missing)
        for case_id in random.sample(sorted(set(rnd.cases) - set(missing)),
                                     min(5, len(rnd.cases) - len(missing))):
            status, _, doc = client.call("GET", f"/api/v1/cases/{case_id}")
            if status != 200 or doc["survivor"]["given_name"] != rnd.cases[case_id]:
                print(f"  LOST the content of case {case_id}: {status}", file=sys.stderr)
                lost += 1
    for home, notes in rnd.notes.items():
        if not notes:
            continue
        listed = {n["id"]: n["body"] for n in list_all(client, f"/api/v1/cases/{home}/notes")}
        for note_id, text in notes.items():
            if listed.get(note_id) != text:
                print(f"  LOST note {note_id} of case {home}", file=sys.stderr)
                lost += 1
    return lost


def run_round(args, server, token, number, all_cases):
    rnd = Round(number)
    server.start()
    threads = [threading.Thread(target=client_loop, args=(server.port, token, rnd, i))
               for i in range(args.clients)]
    for t in threads:
        t.start()
    # Mostly under load (a random time after the first acknowledged write); one round in ten
    # while the server is still starting (migrations, instruments, the first deadline scan).
    if random.random() < 0.1:
        time.sleep(random.uniform(0, 0.3))
    else:
        rnd.first_ack.wait(START_TIMEOUT)
        time.sleep(random.uniform(args.min_delay, args.max_delay))
    server.kill9()
    for t in threads:
        t.join()
    check_database(args)
    server.start()
    client = Client(server.port, token)
    try:
        lost = verify_round(client, rnd)
    finally:
        client.close()
        server.stop()
    all_cases.update(rnd.cases)
    return rnd, lost


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("rounds", type=int)
    p.add_argument("--ura", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--key")
    p.add_argument("--postgres", action="store_true")
    p.add_argument("--log", required=True)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--min-delay", type=float, default=0.0)
    p.add_argument("--max-delay", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    random.seed(seed)
    started = time.monotonic()
    totals = {"cases": 0, "notes": 0, "lost": 0, "refused": {}}
    all_cases = {}
    with open(args.log, "a") as log:
        server = Server(args, log)
        try:
            password = demo_password(args)
            server.start()
            token = api_token(server.port, password)
            server.stop()
            for number in range(1, args.rounds + 1):
                rnd, lost = run_round(args, server, token, number, all_cases)
                totals["cases"] += len(rnd.cases)
                totals["notes"] += rnd.writes() - len(rnd.cases)
                totals["lost"] += lost
                for status, count in rnd.refused.items():
                    totals["refused"][status] = totals["refused"].get(status, 0) + count
                if args.rounds <= 50 or number % 50 == 0 or lost:
                    print(f"round {number}: {rnd.writes()} acknowledged, {lost} lost",
                          flush=True)
            # The whole run once more: nothing a later crash did lost an earlier write.
            server.start()
            client = Client(server.port, token)
            listed = {c["id"] for c in list_all(client, "/api/v1/cases")}
            client.close()
            server.stop()
            gone = set(all_cases) - listed
            totals["lost"] += len(gone)
        except Failure as e:
            server.stop()
            print(f"kill9: FAILED: {e}", file=sys.stderr)
            return 1
    acknowledged = totals["cases"] + totals["notes"]
    refused = ", ".join(f"{n}×{s}" for s, n in sorted(totals["refused"].items())) or "none"
    print(f"kill9 ({'postgresql' if args.postgres else 'sqlite'}, seed {seed}): "
          f"{args.rounds} rounds, {acknowledged} acknowledged writes ({totals['cases']} cases, "
          f"{totals['notes']} notes), lost {totals['lost']}, refused {refused}, "
          f"{time.monotonic() - started:.0f} s")
    return 0 if totals["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
