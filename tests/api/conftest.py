"""Fixtures for the API tests.

`server` is one database and `ura serve` per test module (made by `ura init` with the admin
account `admin`); `admin` is a client signed in as that admin; `actors` gives a signed-in
client per role; `anon` is a client without a session. Tests that move the clock or edit the
database behind the server's back get their own server from `new_server`.
"""

import pytest

from harness import Actors, Server, ura_bin


@pytest.fixture(scope="session")
def ura():
    path = ura_bin()
    if not path.is_file():
        pytest.fail(f"{path} does not exist: build the server (make) or set URA_BIN", pytrace=False)
    return path


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("ura"))
    s.start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def admin(server):
    return server.sign_in_admin()


@pytest.fixture(scope="module")
def actors(server, admin):
    return Actors(server, admin)


@pytest.fixture
def anon(server):
    return server.client()


@pytest.fixture
def new_server(ura, tmp_path_factory):
    """Factory: new_server(now=..., defaults=False, **env) -> a started Server on its own new
    database (defaults=True: the shipped security settings, see harness.TEST_SETTINGS)."""
    made = []

    def make(now=None, init=True, defaults=False, **env):
        s = Server(tmp_path_factory.mktemp("ura-own"), init=init, defaults=defaults)
        made.append(s)
        return s.start(now=now, **env)

    yield make
    died = []
    for s in made:
        try:
            s.stop()
        except AssertionError as e:
            died.append(e)
    if died:
        raise died[0]
