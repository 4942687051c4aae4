#!/usr/bin/env bash
# The demo: Neo4j up, the sample data loaded, GraphQL served on http://127.0.0.1:8000/graphql
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh
exec .venv/bin/hub demo "$@"
