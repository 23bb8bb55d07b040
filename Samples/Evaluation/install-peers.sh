#!/usr/bin/env bash
# Installs the peer tools run_peers.py scores (jusText, boilerpy3, trafilatura, datasketch, text-dedup)
# into a git-ignored virtualenv, .venv-peers/ at the repository root (override with PEERS_VENV=DIR).
# Idempotent: does nothing when that virtualenv already has exactly requirements-peers.txt installed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${PEERS_VENV:-$root/.venv-peers}"
requirements="$here/requirements-peers.txt"
stamp="$venv/.installed-requirements"

if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
  echo "peers already installed in $venv"
  exit 0
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "install-peers.sh: needs Python 3.11 or later (numpy 2.4); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
# Every dependency is pinned in the list, so --no-deps installs exactly it (see the note at its top).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --requirement "$requirements"
"$venv/bin/python" -c 'import justext, boilerpy3, trafilatura, datasketch, text_dedup.minhash'
cp "$requirements" "$stamp"
echo "peers installed in $venv"
