"""Running Ura as a system service (issue 16, docs/OPERATIONS.md): `make install` lays out the
binary, the systemd unit, the manual page, the example settings and the guide; the unit is one
systemd accepts; the manual page renders without a warning; the example settings are the
defaults `ura settings` prints and pass `ura check`; `ura check` refuses wrong settings (exit 2)
and a settings file others may read (exit 1)."""

import os
import pathlib
import re
import shutil
import stat
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
URA = pathlib.Path(os.environ.get("URA_BIN", ROOT / "build" / "ura")).resolve()
BUILD = URA.parent


def run(*args, env=None, **kw):
    base = {k: v for k, v in os.environ.items() if not k.startswith("URA_")}
    base.update(env or {})
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=base,
                          timeout=120, **kw)


def install(**variables):
    args = ["make", "--no-print-directory", "-C", ROOT, f"BUILD={BUILD}", "install"]
    args += [f"{k}={v}" for k, v in variables.items()]
    made = run(*args)
    assert made.returncode == 0, made.stdout + made.stderr
    return made


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """make install PREFIX=/usr DESTDIR=…: the tree a package would hold."""
    root = tmp_path_factory.mktemp("destdir")
    install(PREFIX="/usr", DESTDIR=root)
    return root


def test_install_lays_out_every_file_with_its_mode(staged):
    expected = {
        "usr/bin/ura": 0o755,
        "usr/lib/systemd/system/ura.service": 0o644,
        "usr/share/man/man8/ura.8": 0o644,
        "etc/ura/ura.conf.example": 0o640,
        "usr/share/doc/ura/OPERATIONS.md": 0o644,
    }
    for rel, want in expected.items():
        path = staged / rel
        assert path.is_file(), f"{rel} is not installed"
        assert mode(path) == want, f"{rel} has mode {mode(path):o}, not {want:o}"
    assert (staged / "usr/bin/ura").read_bytes() == URA.read_bytes()
    files = sorted(str(p.relative_to(staged)) for p in staged.rglob("*") if p.is_file())
    assert files == sorted(expected), "make install put files nobody asked for"


def test_the_unit_names_the_installed_paths_and_hardens_the_service(staged):
    unit = (staged / "usr/lib/systemd/system/ura.service").read_text()
    assert "@" not in unit.replace("@system-service", "").replace("@privileged", "") \
        .replace("@resources", ""), "a placeholder was left in the unit"
    assert "ExecStart=/usr/bin/ura serve" in unit
    assert "ExecStartPre=/usr/bin/ura check" in unit
    assert "Environment=URA_CONFIG=/etc/ura/ura.conf" in unit
    for line in ("User=ura", "StateDirectory=ura", "ProtectSystem=strict", "PrivateTmp=yes",
                 "NoNewPrivileges=yes", "UMask=0077"):
        assert re.search(rf"^{re.escape(line)}$", unit, re.M), line
    # The jobs' threads lower their priority (jobs/periodic.h): setpriority, denied with
    # @resources, is allowed again after it (a later allow adds back to the allow-list).
    filters = re.findall(r"^SystemCallFilter=(.*)$", unit, re.M)
    assert filters[-2:] == ["~@privileged @resources", "setpriority"], filters


def test_systemd_accepts_the_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: scripts/install-deps.sh test installs systemd")
    # Installed under a real prefix (no DESTDIR), so the unit's ExecStart exists to be checked,
    # and its Documentation=man:ura(8) is found among the installed manual pages.
    install(PREFIX=tmp_path / "prefix")
    unit = tmp_path / "prefix/lib/systemd/system/ura.service"
    manpath = {"MANPATH": str(tmp_path / "prefix/share/man")}
    checked = run(analyze, "verify", unit, env=manpath)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # It can fail: the same unit with its binary gone is refused.
    (tmp_path / "prefix/bin/ura").unlink()
    refused = run(analyze, "verify", unit, env=manpath)
    assert refused.returncode != 0 and "not executable" in refused.stderr


def test_the_manual_page_renders_without_a_warning():
    rendered = run("groff", "-mandoc", "-Tutf8", "-ww", "-z", ROOT / "docs/ura.8")
    assert rendered.returncode == 0 and rendered.stderr == "", rendered.stderr
    page = run("man", "-l", "-Tutf8", ROOT / "docs/ura.8", env={"MANWIDTH": "80"})
    assert page.returncode == 0, page.stderr
    text = re.sub(r".\x08", "", page.stdout)
    for heading in ("NAME", "SYNOPSIS", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS",
                    "EXAMPLES"):
        assert re.search(rf"^{heading}$", text, re.M), heading
    # Every command the binary knows is in the page.
    usage = run(URA, "--help").stdout
    commands = set(re.findall(r"^  ([a-z][a-z-]*) ", usage, re.M))
    assert commands >= {"init", "serve", "check", "settings", "backup", "restore", "keys"}
    missing = [c for c in commands if not re.search(rf"\bura {c}\b", text)
               and not re.search(rf"^\s+{c}\b", text, re.M)]
    assert missing == [], f"commands missing from ura(8): {missing}"


def settings_of(text):
    """{(section, key): value} of an INI text, comments dropped."""
    found, section = {}, None
    for line in text.splitlines():
        line = line.split(";", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            found[(section, key)] = value
    return found


def test_the_example_settings_are_the_defaults():
    printed = run(URA, "settings")
    assert printed.returncode == 0, printed.stderr
    defaults = settings_of(printed.stdout)
    example = settings_of((ROOT / "dist/ura.conf.example").read_text())
    assert set(example) == set(defaults), "a setting is missing from one of them"
    where = {("database", "path"), ("database", "key")}   # the service's own paths
    differ = {k: (example[k], defaults[k]) for k in defaults if k not in where
              and example[k] != defaults[k]}
    assert differ == {}, "dist/ura.conf.example is not the defaults"
    assert example[("database", "path")] == "/var/lib/ura/ura.db"


@pytest.fixture
def service_dir(tmp_path):
    """A database made by `ura init` and the example settings pointing at it (mode 0640)."""
    init = run(URA, "init", "--db", tmp_path / "ura.db",
               env={"URA_ADMIN_USER": "admin", "URA_ADMIN_PASSWORD": "a-long-admin-password",
                    "URA_PASSWORD_HASH_MEMORY_KIB": "1024", "URA_PASSWORD_HASH_PASSES": "1"})
    assert init.returncode == 0, init.stderr
    conf = tmp_path / "ura.conf"
    conf.write_text((ROOT / "dist/ura.conf.example").read_text()
                    .replace("/var/lib/ura/", f"{tmp_path}/"))
    conf.chmod(0o640)
    return tmp_path, conf


def test_check_accepts_the_example_and_reads_it_from_ura_config(service_dir):
    _, conf = service_dir
    ok = run(URA, "check", env={"URA_CONFIG": str(conf)})
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "settings are valid" in ok.stdout


def test_check_refuses_a_wrong_setting_naming_it(service_dir):
    _, conf = service_dir
    conf.write_text(conf.read_text().replace("workers = 16", "workers = many"))
    bad = run(URA, "check", "--config", conf)
    assert bad.returncode == 2 and "workers" in bad.stderr, bad.stderr


def test_check_refuses_a_settings_file_others_may_read(service_dir):
    _, conf = service_dir
    conf.chmod(0o644)
    loose = run(URA, "check", "--config", conf)
    assert loose.returncode == 1 and str(conf) in loose.stdout and "0644" in loose.stdout


def test_settings_shows_what_it_would_run_with(service_dir):
    _, conf = service_dir
    shown = settings_of(run(URA, "settings", "--config", conf,
                            env={"URA_WORKERS": "4"}).stdout)
    assert shown[("server", "workers")] == "4", "the environment wins over the file"
    assert shown[("database", "path")].endswith("/ura.db")
