#!/usr/bin/env bash
# The sign-in burst scenario on its own: bench/login-burst.sh (bench/run.sh --only login-burst runs it too).
#
# Starts the jar with the bench JVM options on a fresh H2 file behind a trusted proxy (127.0.0.1), the default login
# limits, and drives LoginBurst: rounds of 500 concurrent sign-ins from 100 addresses while registration and
# refresh-token exchange go on. Writes its section of docs/benchmarks.md; raw output in bench/target/login-burst.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA_OPTS=${DCR_JAVA_OPTS:--XX:+UseSerialGC -Xmx112m -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=5000}
ROUNDS=${BENCH_LOGIN_ROUNDS:-3}
PORT=18087
OUT=$ROOT/bench/target/login-burst
SERVICE_JAR=$ROOT/bootstrap/target/dcr-server.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
export BENCH_PASSWORD=bench-password-not-secret

log() { printf '[login-burst %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

rm -rf "$OUT"; mkdir -p "$OUT"
if [[ ! -f $SERVICE_JAR || ! -f $BENCH_JAR || ${BENCH_SKIP_BUILD:-} != true ]]; then
  log "building the service and the bench module"
  mvn -B -q -o -Pbench -DskipTests package > "$OUT/build.log" 2>&1 \
    || mvn -B -q -Pbench -DskipTests package > "$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log" >&2; exit 1; }
fi

export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/h2-XXXX")
export DCR_HOST=127.0.0.1 DCR_PORT=$PORT DCR_ISSUER=http://127.0.0.1:$PORT DCR_TRUSTED_PROXIES=127.0.0.1
export DCR_REGISTER_PER_IP=off DCR_REGISTER_GLOBAL=off DCR_TASKS=off
# shellcheck disable=SC2086
echo "$BENCH_PASSWORD" | java $JAVA_OPTS -jar "$SERVICE_JAR" users add bench --password-stdin > /dev/null

log "starting the service ($JAVA_OPTS)"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$SERVICE_JAR" > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2> /dev/null; true' EXIT
for _ in $(seq 1 1500); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/live" || true) == 200 ]] && break
  kill -0 "$PID" 2> /dev/null || { log "the service died at start-up"; tail -n 20 "$OUT/server.log" >&2; exit 1; }
  sleep 0.02
done

base=http://127.0.0.1:$PORT
java -cp "$BENCH_JAR" io.mcpdcr.bench.FlowSeeder setup "$base" "$OUT/seed.properties"
java -cp "$BENCH_JAR" io.mcpdcr.bench.FlowSeeder tokens "$base" "$OUT/seed.properties" 8 "$OUT/refresh.txt" \
  "$OUT/access.txt"
client_id=$(sed -n 's/^client_id=//p' "$OUT/seed.properties")

load_before=$(cut -d' ' -f1 /proc/loadavg)
log "$ROUNDS rounds of 500 concurrent sign-ins from 100 addresses, with registrations and refreshes going on"
java -cp "$BENCH_JAR" io.mcpdcr.bench.LoginBurst run "$base" "$client_id" "$OUT/refresh.txt" "$ROUNDS" \
  "$OUT/result.properties"
load="$load_before before, $(cut -d' ' -f1 /proc/loadavg) after, on $(nproc) cores"
kill -0 "$PID" 2> /dev/null || { log "the service died during the burst"; tail -n 20 "$OUT/server.log" >&2; exit 1; }
kill -TERM "$PID"; wait "$PID" 2> /dev/null || true
trap - EXIT

oom=$(grep -c OutOfMemoryError "$OUT/server.log" || true)
java -cp "$BENCH_JAR" io.mcpdcr.bench.LoginBurst section "$OUT/result.properties" "$oom" "$load" \
  "$ROOT/docs/benchmarks.md"
log "$(grep '^answers' "$OUT/result.properties" | sort | tr '\n' ' ')"
log "OutOfMemoryError lines in the server log: $oom; wrote the section \"Sign-in burst\" of docs/benchmarks.md"
rm -rf "$DCR_DATA_DIR"
