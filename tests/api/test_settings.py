"""How `ura serve` takes its settings — flags > URA_* environment > INI file (--config or
URA_CONFIG) > defaults — and how it behaves as a process: two lines on stdout (the listening
line, and the line that says the first deadline scan is done), logs on stderr."""

from harness import ADMIN_PASSWORD, ADMIN_USER, Server


def _ini(path, listen=None, db=None):
    text = ""
    if listen:
        text += f"[server]\nlisten = {listen}\n"
    if db:
        text += f"[database]\npath = {db}\n"
    path.write_text(text)
    return path


def _serves_the_database(s):
    assert s.client().sign_in(ADMIN_USER, ADMIN_PASSWORD).status == 201


def _run(s, **kw):
    s.start(**kw)
    try:
        _serves_the_database(s)
        return s.host
    finally:
        s.stop()


def test_database_and_address_from_the_environment(ura, tmp_path):
    s = Server(tmp_path)
    assert _run(s, args=[], URA_DB=s.db, URA_LISTEN="127.0.0.1:0") == "127.0.0.1"


def test_database_and_address_from_an_ini_file(ura, tmp_path):
    s = Server(tmp_path)
    ini = _ini(tmp_path / "ura.ini", listen="127.0.0.1:0", db=s.db)
    assert _run(s, args=["--config", ini]) == "127.0.0.1"


def test_ini_file_named_by_ura_config(ura, tmp_path):
    s = Server(tmp_path)
    ini = _ini(tmp_path / "ura.ini", listen="127.0.0.1:0", db=s.db)
    assert _run(s, args=[], URA_CONFIG=ini) == "127.0.0.1"


def test_environment_beats_the_ini_file(ura, tmp_path):
    s = Server(tmp_path)
    ini = _ini(tmp_path / "ura.ini", listen="127.0.0.2:0", db=tmp_path / "not-this.db")
    host = _run(s, args=["--config", ini], URA_LISTEN="127.0.0.1:0", URA_DB=s.db)
    assert host == "127.0.0.1", "the INI file's listen address won over URA_LISTEN"


def test_flags_beat_the_environment(ura, tmp_path):
    s = Server(tmp_path)
    host = _run(s, args=["--db", s.db, "--listen", "127.0.0.1:0"],
                URA_LISTEN="127.0.0.2:0", URA_DB=tmp_path / "not-this.db")
    assert host == "127.0.0.1", "URA_LISTEN won over --listen"


def test_stdout_carries_only_the_listening_and_scanned_lines(new_server):
    s = new_server()
    c = s.sign_in_admin()
    c.get("/me")
    c.get("/no-such-route")
    c.post("/municipalities", raw=b"{")
    port = s.port
    s.stop()
    # Both lines, and only them (their order: test_start.py).
    assert sorted(s.stdout) == sorted([f"ura: listening on http://127.0.0.1:{port}",
                                       "ura: deadlines scanned"]), s.stdout
    log = s.log_path.read_text(errors="replace")
    assert log.strip(), "nothing was logged on stderr"
    assert ADMIN_PASSWORD not in log, "a password was logged"
