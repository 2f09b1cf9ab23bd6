#!/usr/bin/env bash
# Installs, from Debian's packages, whatever Ura needs that this machine lacks.
# Idempotent: packages already present are left alone and nothing is downloaded.
# Usage: scripts/install-deps.sh [build|test|bench]   (test and bench add their tools)
set -euo pipefail

build_pkgs=(gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
            libinih-dev libpq-dev libical-dev libxlsxwriter-dev liboath-dev libqrencode-dev
            libcurl4-openssl-dev)
# The browser tests drive Debian's chromium; the fuzzers need clang's libFuzzer runtime; the
# install tests check the systemd unit (systemd-analyze) and render ura(8) (man-db, groff);
# the e-mail tests run a real SMTP server (aiosmtpd) with a certificate made by openssl; the
# PostgreSQL tests read and edit the database behind the server's back with psycopg2.
test_pkgs=(libcmocka-dev python3 python3-pytest python3-jsonschema python3-hypothesis sqlite3
           postgresql python3-psycopg2 valgrind chromium clang libfuzzer-14-dev libclang-rt-14-dev
           systemd man-db groff-base python3-aiosmtpd openssl tzdata)
bench_pkgs=(wrk curl python3 sqlite3 chromium postgresql)

wanted=("${build_pkgs[@]}")
case "${1:-build}" in
  test) wanted+=("${test_pkgs[@]}") ;;
  bench) wanted+=("${bench_pkgs[@]}") ;;
esac

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The UI is bundled with esbuild from npm. Some machines carry a nodejs package that brings its
# own npm (and conflicts with Debian's), so ask for the commands, not for the packages.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "install-deps: missing packages: ${missing[*]}; run this script as root or install them with apt-get" >&2
    exit 1
  fi
else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them only when an install is needed.
if ! $SUDO apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q "${missing[@]}" >/dev/null || {
    echo "install-deps: apt-get could not install: ${missing[*]}" >&2; exit 1; }
fi
