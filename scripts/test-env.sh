# Sourced by the test scripts: the tests' own local Neo4j, beside the demo's, so a
# test run never touches the demo database. HUB_TEST_NEO4J_URI points tests elsewhere.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${HUB_TEST_NEO4J_URI:-}" ]; then
  export NEO4J_URI="$HUB_TEST_NEO4J_URI" HUB_LOCAL_NEO4J=0
else
  # HUB_TEST_BOLT_PORT / HUB_TEST_HTTP_PORT: for a second checkout testing beside this one.
  export HUB_NEO4J_HOME="$root/.neo4j/test"
  export HUB_NEO4J_BOLT_PORT="${HUB_TEST_BOLT_PORT:-7688}" HUB_NEO4J_HTTP_PORT="${HUB_TEST_HTTP_PORT:-7475}"
  export NEO4J_URI="neo4j://127.0.0.1:$HUB_NEO4J_BOLT_PORT" HUB_LOCAL_NEO4J=1
  export HUB_NEO4J_HEAP="${HUB_NEO4J_HEAP:-1g}" HUB_NEO4J_PAGECACHE="${HUB_NEO4J_PAGECACHE:-1g}"
  unset NEO4J_PASSWORD NEO4J_USER NEO4J_DATABASE
fi
export HUB_PORT="${HUB_TEST_PORT:-8765}"
# No webhook worker in the apps tests build: a background thread would race the tests'
# own workers (tests/webhooks drive one, and check the app starts it when asked).
export HUB_WEBHOOKS_WORKER=0
