"""The start of `ura serve` and its background jobs (issue 15, CONTRACT.md "Command line").

The server prints its listening line before it starts its background jobs, so their threads
and first rounds, which grow with the data, take nothing from the time to listening; they
start once the server has answered its first request (the harness asks /readyz), or a
second after listening when nobody asks; the jobs' threads run at the lowest priority, nice 19,
and every other thread at the process's own, so what the rounds compute gives way to the
requests (/readyz first). On PostgreSQL the deadline scanner computes nothing itself (the
database reads and writes, beside the writer): it runs at the process's priority, since nice 19
would only delay each of its wake-ups (jobs/periodic.h). How long a start
takes is the benchmark's to say (bench/start.sh); these tests check the order of the two
lines and each thread's priority, read from /proc."""

from pathlib import Path

from harness import LISTENING, SCANNED, Server

# The jobs of every server, each on a thread of this name (jobs/periodic.h).
JOBS = {"ura-scanner", "ura-sweep", "ura-retention"}
# The mailer runs only with an SMTP host; nothing is sent (the outbox stays empty).
MAILER_ENV = {"URA_SMTP_HOST": "127.0.0.1", "URA_SMTP_PORT": "9", "URA_SMTP_STARTTLS": "false",
              "URA_SMTP_FROM": "ura@example.org"}


def thread_priorities(pid):
    """[(name, nice)] of each thread of the process `pid`, from /proc/PID/task."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        stat = (task / "stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()   # from field 3 (state) on
        out.append(((task / "comm").read_text().strip(), int(fields[16])))   # field 19: nice
    return out


def own_nice(pid):
    """The nice value of the process's main thread (the one it inherited)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[16])


def test_the_listening_line_comes_before_the_first_rounds_line(new_server):
    s = new_server()
    assert len(s.stdout) == 2, s.stdout
    assert LISTENING.match(s.stdout[0]), s.stdout
    assert s.stdout[1] == SCANNED, s.stdout


def test_the_jobs_start_when_no_request_comes(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("ura-start"))
    try:
        s.start(probe=False)   # returns once the first rounds' line is out
        assert len(s.stdout) == 2 and LISTENING.match(s.stdout[0]), s.stdout
        assert s.stdout[1] == SCANNED, s.stdout
    finally:
        s.stop()


def jobs_and_others(s):
    """The nice values of the jobs' threads that run in the background, and of the others.
    On PostgreSQL the scanner is not among the former (jobs/periodic.h)."""
    threads = thread_priorities(s.proc.pid)
    names = {name for name, _ in threads}
    assert JOBS <= names, threads
    background = JOBS - ({"ura-scanner"} if str(s.db).startswith("postgres") else set())
    return ([(name, nice) for name, nice in threads if name in background],
            [(name, nice) for name, nice in threads if name not in background])


def test_the_jobs_threads_run_at_nice_19_the_others_at_the_process_priority(new_server):
    s = new_server(defaults=True)   # the shipped jobs_nice (the suites run theirs at 0)
    jobs, others = jobs_and_others(s)
    assert "ura-mailer" not in {name for name, _ in jobs + others}, others
    assert jobs and all(nice == 19 for _, nice in jobs), jobs
    base = own_nice(s.proc.pid)
    assert others and all(nice == base for _, nice in others), (base, others)
    # The requests' threads answer while the jobs run below them.
    assert s.client().get("/readyz", root=True).status == 200


def test_jobs_nice_sets_the_jobs_priority_and_0_keeps_the_servers_own(new_server):
    s = new_server(defaults=True, URA_JOBS_NICE="7")
    jobs, others = jobs_and_others(s)
    base = own_nice(s.proc.pid)
    assert jobs and all(nice == 7 for _, nice in jobs), jobs
    assert others and all(nice == base for _, nice in others), (base, others)
    s = new_server(defaults=True, URA_JOBS_NICE="0")
    jobs, others = jobs_and_others(s)
    assert all(nice == own_nice(s.proc.pid) for _, nice in jobs + others), jobs + others


def test_the_mailer_runs_at_nice_19_too(new_server):
    s = new_server(defaults=True, **MAILER_ENV)
    threads = thread_priorities(s.proc.pid)
    assert ("ura-mailer", 19) in threads, threads
