#!/usr/bin/env bash
# The whole test suite against a real local Neo4j: checks, then pytest.
# Usage: scripts/test.sh [pytest arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh
source scripts/test-env.sh
export PATH="$root/.venv/bin:$PATH"

echo "== ruff"
ruff format --no-cache --check --quiet app hub schema loaders tests bench
ruff check --no-cache --quiet app hub schema loaders tests bench
echo "== mypy"
mypy --no-error-summary

echo "== neo4j (tests' own server)"
was_running=0
hub neo4j status >/dev/null 2>&1 && was_running=1
hub neo4j start
stop_server() {
  if [ "${CI:-}" = "true" ] || [ "$was_running" = 0 ]; then hub neo4j stop >/dev/null || true; fi
}
trap stop_server EXIT

echo "== pytest"
status=0
pytest -q "$@" || status=$?
# pytest's 5 means no test ran: that is a failure here.
exit "$status"
