# Starts and stops the development Fleet Server (src-test-fixtures) as a standalone process. Sourced.

# start_fleet_fixture LOGFILE [extra flags...]: sets FIXTURE_PID, FLEET_URL, FLEET_TOKEN.
start_fleet_fixture() {
  local log=$1; shift
  local jar cp
  jar=$(ls "$ROOT"/src-test-fixtures/target/src-test-fixtures-*.jar | grep -v -- '-tests\|-sources' | head -n 1)
  cp="$jar:$(cat "$ROOT/src-test-fixtures/target/fixture.classpath")"
  local out
  out=$(mktemp)
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$cp" org.fleetagent.fixtures.fleet.DevFleetServerMain \
    --host 127.0.0.1 --port 0 "$@" >"$out" 2>"$log" &
  FIXTURE_PID=$!
  local i
  for i in $(seq 1 300); do
    if [ -s "$out" ]; then break; fi
    if ! kill -0 "$FIXTURE_PID" 2>/dev/null; then
      echo "error: the development Fleet Server exited; its log:" >&2; cat "$log" >&2; return 1
    fi
    sleep 0.1
  done
  local line
  line=$(head -n 1 "$out")
  [ -n "$line" ] || { echo "error: the development Fleet Server did not start in 30 s" >&2; return 1; }
  FLEET_URL=$(printf '%s' "$line" | sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p')
  FLEET_TOKEN=$(printf '%s' "$line" | sed -n 's/.*"enrollment_token" *: *"\([^"]*\)".*/\1/p')
  rm -f "$out"
}

stop_fleet_fixture() {
  if [ -n "${FIXTURE_PID:-}" ]; then
    kill "$FIXTURE_PID" 2>/dev/null || true
    wait "$FIXTURE_PID" 2>/dev/null || true
    FIXTURE_PID=
  fi
}
