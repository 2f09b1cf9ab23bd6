#!/usr/bin/env python3
"""Peak memory of one attachment download (issue 16): the server's resident set while it
sends a file of attachments.max_file_mb (20 MiB by default).

Starts `ura serve` on a new SQLite database (or, with URA_TEST_DB_URL and
URA_TEST_PG_CLUSTER set as for the API tests, on a new PostgreSQL database), uploads one file, resets the process's peak (writing 5 to
/proc/PID/clear_refs), downloads the file, and prints the peak resident set (VmHWM) before
the upload, after it and during the download, in MiB. A download that decrypts the whole file
into memory shows about three times its size; a streamed one stays flat.

    URA_BIN=build/ura python3 bench/attachment_memory.py [MIB]
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "api"), str(ROOT / "tests" / "pg")]

import harness  # noqa: E402

if os.environ.get("URA_TEST_DB_URL"):
    import pg_plugin  # noqa: E402,F401  (harness.Server on a fresh PostgreSQL database)
from test_attachments import World, upload  # noqa: E402

MIB = 1024 * 1024


def peak_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    server = harness.Server(tempfile.mkdtemp(prefix="ura-bench-"))
    server.start(now=harness.T0, URA_ATTACHMENT_MAX_FILE_MB=str(size),
                 URA_ATTACHMENT_MAX_CASE_MB=str(4 * size))
    try:
        pid = server.proc.pid
        world = World(server, server.sign_in_admin())
        case = world.new_case()
        data = b"%PDF-1.4\n" + os.urandom(size * MIB - 9)
        start = peak_mib(pid)
        a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data,
                   "large.pdf", "legal")
        assert a.status == 201, a
        after_upload = peak_mib(pid)
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        reset = peak_mib(pid)
        got = world.client("caseworker").get(f"/attachments/{a.json['id']}")
        assert got.status == 200 and got.body == data, got.status
        print(f"file {size} MiB; peak resident set: at start {start:.1f} MiB, after the upload "
              f"{after_upload:.1f} MiB, reset to {reset:.1f} MiB, during the download "
              f"{peak_mib(pid):.1f} MiB")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
