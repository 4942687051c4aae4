#!/usr/bin/env bash
# Install everything the hub needs, idempotently: system tools (Java 17, Maven) when
# missing, a virtual environment with the project and its dev tools, and Neo4j's jars.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-venv)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} with apt-get" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Reinstall only when the dependency list or its pins changed (pip's cache keeps the
# wheels); constraints.txt holds the versions the hub is tested with (scripts/lock.sh).
stamp=".venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing the project and its tools into .venv (log: .venv/install.log)" >&2
  { .venv/bin/python -m pip install -q --upgrade pip \
      && .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"; } > .venv/install.log 2>&1 \
    || { tail -30 .venv/install.log >&2; exit 1; }
  rm -f .venv/.installed-* && touch "$stamp"
fi

# Debian's Chromium for the real-browser tests (never a browser download at test time).
scripts/install-browser.sh
# GraphiQL's browser files, served by the hub itself (no CDN needed).
scripts/install-graphiql.sh

# Neo4j's jars (Maven's ~/.m2 caches them between runs on one machine).
.venv/bin/python -c "from hub.settings import Settings; from hub.neo4j_server.server import fetch; fetch(Settings.from_env(), echo=lambda m: None)"
