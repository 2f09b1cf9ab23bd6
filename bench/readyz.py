#!/usr/bin/env python3
"""Start to /readyz, with no shell process in the way: execs `ura serve ARGS... --listen
127.0.0.1:0`, reads its listening line, polls GET /readyz on one kept-alive connection until it
answers 200, and prints the milliseconds from the exec to that answer. Then it waits (at most
two minutes) for the deadline scanner's first round to log its line and prints its longest
write, in microseconds (0 when it wrote nothing), and whether that write ran on the writer
(SQLite) or beside it, on the scanner's own connection (PostgreSQL), and stops the server.

    bench/readyz.py URA_BIN serve --db DB [--key FILE]     prints: MS LONGEST_WRITE_US BESIDE
"""

import http.client
import re
import subprocess
import sys
import threading
import time

LISTENING = re.compile(r"listening on http://([0-9.]+):([0-9]+)")
LONGEST = re.compile(r"event=deadline_scan .*longest_(?:step|write)_us=([0-9]+)")
BESIDE = re.compile(r"beside_writer=true")


def ready_ms(proc, began):
    for line in proc.stdout:
        match = LISTENING.search(line)
        if match:
            break
    else:
        raise SystemExit("readyz.py: the server exited before listening")
    conn = http.client.HTTPConnection(match.group(1), int(match.group(2)), timeout=10)
    while True:
        conn.request("GET", "/readyz")
        response = conn.getresponse()
        response.read()
        if response.status == 200:
            return (time.monotonic() - began) * 1000


def main():
    log = []
    began = time.monotonic()
    proc = subprocess.Popen([*sys.argv[1:], "--listen", "127.0.0.1:0"], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def keep_log():
        for line in proc.stderr:
            log.append(line)

    threading.Thread(target=keep_log, daemon=True).start()
    try:
        ms = ready_ms(proc, began)
        threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
        longest, beside, deadline = None, 0, time.monotonic() + 120
        while longest is None and time.monotonic() < deadline:
            for line in list(log):
                match = LONGEST.search(line)
                if match:
                    longest = int(match.group(1))
                    beside = 1 if BESIDE.search(line) else 0
            time.sleep(0.05)   # a benchmark's poll of a log, not a test's synchronisation
        print(f"{ms:.0f} {longest if longest is not None else 0} {beside}")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
