#!/usr/bin/env bash
# Re-pin constraints.txt: resolve the project with its dev tools in a fresh virtual
# environment and record every version it took. Run after changing pyproject.toml's
# dependencies; bootstrap, CI and the Dockerfile install within these pins.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q --upgrade pip
"$scratch/venv/bin/python" -m pip install -q -e ".[dev]"
{
  echo "# Every package version the hub is tested with (Python 3.11, Linux); scripts/lock.sh"
  echo "# writes it. Used as pip constraints by scripts/bootstrap.sh and the Dockerfile."
  "$scratch/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^provincial-data-hub'
} > constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) pins"
