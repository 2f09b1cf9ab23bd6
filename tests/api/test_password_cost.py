"""The cost of password hashes (README "Accounts and sign-in": password_hash_memory_kib,
password_hash_passes).

- Shipped: argon2id with OWASP's minimum, 19 MiB and two passes, in every new hash.
- A lower cost (for tests and very small machines) is used for new hashes, the server warns of
  it at start, and hashes made at another cost still sign in.
- A cost out of range stops the server with the setting named.
"""

import harness
from harness import cli_output, new_user, run_cli


# The shipped settings but the second factor (this file is about passwords).
PASSWORDS_ONLY = {"URA_TOTP_REQUIRED_ROLES": "none"}


def stored_hash(server, username):
    """The stored hash, read behind the server's back (either engine: harness.query_db)."""
    assert username.replace("-", "").isalnum(), username  # safe to write into the SQL
    return harness.query_db(server.db, "SELECT password_hash FROM users "
                                       f"WHERE username = '{username}'")[0][0]


def test_the_shipped_cost_is_owasps_minimum(tmp_path):
    s = harness.Server(tmp_path, defaults=True, env=PASSWORDS_ONLY)
    s.start()
    try:
        u = new_user(s.sign_in_admin(), "auditor")
        assert stored_hash(s, u.username).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert "password_hash_cost" not in s.log_tail(200)
    finally:
        s.stop()


def test_a_lower_cost_is_used_warned_of_and_older_hashes_still_sign_in(tmp_path):
    s = harness.Server(tmp_path, defaults=True, env=PASSWORDS_ONLY)
    s.start()
    try:
        strong = new_user(s.sign_in_admin(), "auditor")
    finally:
        s.stop()
    s.start(URA_PASSWORD_HASH_MEMORY_KIB="1024", URA_PASSWORD_HASH_PASSES="1")
    try:
        admin = s.sign_in_admin()
        cheap = new_user(admin, "auditor")
        assert stored_hash(s, cheap.username).startswith("$argon2id$v=19$m=1024,t=1,p=1$")
        assert "event=password_hash_cost memory_kib=1024 passes=1" in s.log_tail(200)
        for u in (strong, cheap):
            assert s.client().sign_in(u.username, u.password).status == 201, u.username
    finally:
        s.stop()


def test_a_cost_out_of_range_stops_the_server(tmp_path):
    s = harness.Server(tmp_path)
    proc = run_cli("serve", "--db", s.db, "--listen", "127.0.0.1:0",
                   env={"URA_PASSWORD_HASH_MEMORY_KIB": "512"}, timeout=30)
    assert proc.returncode != 0, cli_output(proc)
    assert "password_hash_memory_kib" in cli_output(proc), cli_output(proc)
