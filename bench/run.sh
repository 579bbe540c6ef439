#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh [--quick] [--only hostile-growth|login-burst|gateway|jwt]
#
# Builds the service and the bench module, then on this machine, one target after another, each its own process on
# its own loopback port: the service on an H2 file database, the service on PostgreSQL (database "bench", recreated),
# the bare-Javalin ceiling and, when Node.js is present, the MCP TypeScript SDK's auth router (bench/peer). wrk drives
# each workload at several connection counts; then a memory run, the JMH micro-benchmarks, and ReportWriter writes
# docs/benchmarks.md and docs/benchmarks-throughput.png. Raw logs and seeds stay in bench/target/run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# ---- the sign-in burst scenario alone (bench/login-burst.sh) ----
if [[ ${1:-} == --only && ${2:-} == login-burst ]]; then exec bench/login-burst.sh; fi

MODE=full
ONLY=""
while (( $# )); do
  case $1 in
    --quick) MODE=quick ;;
    --only) ONLY=${2:?--only needs a scenario name}; shift ;;
  esac
  shift
done
if [[ $MODE == quick ]]; then
  CONNS=(1 32); DURATION=5; WARMUP=3; JIT_WARMUP=10; MEM_SECONDS=60; MEM_MARK=25000
  JMH_OPTS="-wi 2 -i 3 -f 1 -w 1s -r 1s"
else
  CONNS=(1 8 32 128); DURATION=10; WARMUP=5; JIT_WARMUP=60; MEM_SECONDS=300; MEM_MARK=100000
  JMH_OPTS="-wi 3 -i 5 -f 1 -w 2s -r 2s"
fi
JAVA_OPTS=${DCR_JAVA_OPTS:--XX:+UseSerialGC -Xmx112m -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=5000}
export MALLOC_ARENA_MAX=2
PG_URL=jdbc:postgresql://127.0.0.1:5432/bench
PASSWORD=bench-password-not-secret
OUT=$ROOT/bench/target/run${ONLY:+-$ONLY}
SERVICE_JAR=$ROOT/bootstrap/target/dcr-server.jar
BENCH_JAR=$ROOT/bench/target/benchmarks.jar
export BENCH_WRK_DIR=$ROOT/bench/wrk
export BENCH_VERIFIER=bench-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG  # FlowSeeder.VERIFIER
export BENCH_REDIRECT_ENCODED=https%3A%2F%2Fbench.example%2Fcallback                   # FlowSeeder.REDIRECT

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
meta() { printf '%s=%s\n' "$1" "$2" >> "$OUT/meta.properties"; }

# ---- tools and build -------------------------------------------------------------------------------------------
if ! command -v wrk > /dev/null; then
  log "wrk is missing; installing it from the system packages"
  apt-get update -qq && apt-get install -y -qq wrk > /dev/null
fi
rm -rf "$OUT"; mkdir -p "$OUT"
log "building the service and the bench module"
mvn -B -q -o -Pbench -DskipTests package > "$OUT/build.log" 2>&1 \
  || mvn -B -q -Pbench -DskipTests package > "$OUT/build.log" 2>&1 \
  || { cat "$OUT/build.log" >&2; exit 1; }
HAVE_NODE=false
if [[ -z $ONLY ]] && command -v node > /dev/null && command -v npm > /dev/null; then
  HAVE_NODE=true
  (cd bench/peer && npm ci --no-audit --no-fund --silent > "$OUT/npm.log" 2>&1) || { cat "$OUT/npm.log" >&2; exit 1; }
fi
pg_isready -h 127.0.0.1 -p 5432 -q || { log "PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; }

# ---- machine and versions ----------------------------------------------------------------------------------------
: > "$OUT/results.tsv"
meta mode "$MODE"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta durations "$JIT_WARMUP s of registrations to warm each server's JIT, then per workload $WARMUP s warm-up and $DURATION s per measurement"
meta machine.cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
meta machine.cores "$(nproc)"
meta machine.memory "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
meta load.start "$(cut -d' ' -f1-3 /proc/loadavg)"
meta os "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
meta java.version "$(java -version 2>&1 | head -n 1)"
meta java.opts "$JAVA_OPTS"
meta wrk.version "$(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
meta pg.version "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SHOW server_version')"
meta pg.synchronous_commit "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SHOW synchronous_commit')"
meta jmh.options "$JMH_OPTS"
meta memrun.duration "$([[ $MEM_SECONDS -ge 60 && $((MEM_SECONDS % 60)) -eq 0 ]] && echo "$((MEM_SECONDS / 60)) min" || echo "$MEM_SECONDS s")"
meta memrun.mark "$MEM_MARK"
meta memrun.connections 32
meta memrun.global 1000000/1m
meta introspect.tokens 200
if $HAVE_NODE; then
  meta node.version "$(node --version)"
  meta sdk.version "$(node -p "require('./bench/peer/node_modules/@modelcontextprotocol/sdk/package.json').version")"
  meta express.version "$(node -p "require('./bench/peer/node_modules/express/package.json').version")"
  meta peer.note "the MCP TypeScript SDK's \`mcpAuthRouter\` with its demo \`DemoInMemoryAuthProvider\` (\`bench/peer/server.js\`), registration and token rate limits off; registration only, since the demo provider has no refresh grant and its codes come from its own demo flow."
else
  meta peer.note "not measured: Node.js is absent on this machine, so the peer ratios are blank."
fi

# ---- process helpers -----------------------------------------------------------------------------------------------
PID=""
# Starts "$@" in the background with the environment already exported, and waits for a 200 on $1 (the URL).
launch() {
  local url=$1 name=$2; shift 2
  local t0; t0=$(date +%s%N)
  "$@" > "$OUT/$name.log" 2>&1 &
  PID=$!
  trap '[[ -n $PID ]] && kill -TERM $PID 2> /dev/null; true' EXIT
  for _ in $(seq 1 1500); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" || true) == 200 ]]; then
      STARTED_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
      meta "startup.$name" "$STARTED_MS"
      return 0
    fi
    kill -0 "$PID" 2> /dev/null || { log "$name died at start-up"; tail -n 20 "$OUT/$name.log" >&2; exit 1; }
    sleep 0.02
  done
  log "$name did not answer within 30 s"; exit 1
}

stop() {
  local name=$1
  meta "rss.peak.$name" "$(awk '/^VmHWM/ {print $2}' "/proc/$PID/status")"
  kill -TERM "$PID"; wait "$PID" 2> /dev/null || true
  PID=""
}

# wrk at one connection count; prints the BENCH line's fields (requests duration p50 p99 p99.9 non2xx socket-errors).
drive() {
  local port=$1 script=$2 conns=$3 seconds=$4 log=$5
  local threads=$(( conns < 2 ? 1 : 2 ))
  BENCH_THREADS=$threads wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s -s "$BENCH_WRK_DIR/$script" \
    "http://127.0.0.1:$port" > "$log" 2>&1
  grep '^BENCH' "$log" | cut -f2-
}

measure() {
  local target=$1 workload=$2 port=$3 script=$4 conns=$5
  local fields; fields=$(drive "$port" "$script" "$conns" "$DURATION" "$OUT/$target-$workload-$conns.wrk.log")
  printf '%s\t%s\t%s\t%s\n' "$target" "$workload" "$conns" "$fields" >> "$OUT/results.tsv"
  log "$target $workload c=$conns: $(awk -v f="$fields" 'BEGIN {split(f, a, "\t"); printf "%.0f req/s, p99 %.1f ms, errors %d", a[1] * 1e6 / a[2], a[4] / 1000, a[6] + a[7]}')"
  rate_of "$fields"
}

rate_of() { awk -v f="$1" 'BEGIN {split(f, a, "\t"); printf "%d", a[1] * 1e6 / a[2]}'; }

warm() {
  local target=$1 workload=$2 port=$3 script=$4 seconds=${5:-$WARMUP}
  drive "$port" "$script" 32 "$seconds" "$OUT/$target-$workload-warmup.wrk.log"
}

seeder() { java -cp "$BENCH_JAR" io.mcpdcr.bench.FlowSeeder "$@"; }

# ---- the service, on one database --------------------------------------------------------------------------------
service_env() {
  local port=$1
  export DCR_HOST=127.0.0.1 DCR_PORT=$port DCR_ISSUER=http://127.0.0.1:$port
  export DCR_REGISTER_PER_IP=off DCR_REGISTER_GLOBAL=off DCR_LOGIN_PER_IP=off DCR_LOGIN_PER_USER=off DCR_TOKEN_PER_IP=off
  export DCR_CODE_TTL=10m DCR_ACCESS_TOKEN_TTL=1d
}

bench_service() {
  local target=$1 port=$2
  local base=http://127.0.0.1:$port
  # shellcheck disable=SC2086
  echo "$PASSWORD" | java $JAVA_OPTS -jar "$SERVICE_JAR" users add bench --password-stdin > /dev/null
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$SERVICE_JAR" resource-servers add bench-rs > "$OUT/$target-rs.txt"
  export BENCH_RS_BASIC
  BENCH_RS_BASIC=$(printf '%s:%s' "$(sed -n 's/^client_id=//p' "$OUT/$target-rs.txt")" \
    "$(sed -n 's/^client_secret=//p' "$OUT/$target-rs.txt")" | base64 -w0)
  rm "$OUT/$target-rs.txt"

  log "$target: starting the service"
  # shellcheck disable=SC2086
  launch "$base/health/live" "$target" java $JAVA_OPTS -jar "$SERVICE_JAR"

  # The JIT compiles for a minute or more of load on two cores: measure warm servers, as operators run them.
  warm "$target" register "$port" register.lua "$JIT_WARMUP" > /dev/null
  for c in "${CONNS[@]}"; do measure "$target" register "$port" register.lua "$c" > /dev/null; done

  BENCH_PASSWORD=$PASSWORD seeder setup "$base" "$OUT/$target-seed.properties"
  export BENCH_CLIENT_ID; BENCH_CLIENT_ID=$(sed -n 's/^client_id=//p' "$OUT/$target-seed.properties")

  # Codes are single use: seed each measurement from the fastest rate seen so far, with a margin.
  export BENCH_CODES=$OUT/$target-codes.txt
  local rate=$(( WARMUP * 1000 ))
  seeder codes "$base" "$OUT/$target-seed.properties" "$rate" "$BENCH_CODES"
  rate=$(rate_of "$(warm "$target" code "$port" code.lua)")
  for c in "${CONNS[@]}"; do
    local n=$(( rate * DURATION * 3 / 2 + 8 * c + 200 ))
    if (( n > 60000 )); then n=60000; fi
    seeder codes "$base" "$OUT/$target-seed.properties" "$n" "$BENCH_CODES"
    local measured; measured=$(measure "$target" code "$port" code.lua "$c")
    if (( measured > rate )); then rate=$measured; fi
  done

  # Refresh tokens rotate: each measurement starts from fresh ones, a few more than its connections.
  export BENCH_REFRESH=$OUT/$target-refresh.txt BENCH_ACCESS=$OUT/$target-access.txt
  seeder tokens "$base" "$OUT/$target-seed.properties" 96 "$BENCH_REFRESH" "$BENCH_ACCESS"
  warm "$target" refresh "$port" refresh.lua > /dev/null
  for c in "${CONNS[@]}"; do
    seeder tokens "$base" "$OUT/$target-seed.properties" $(( 2 * c + 32 )) "$BENCH_REFRESH" "$BENCH_ACCESS"
    measure "$target" refresh "$port" refresh.lua "$c" > /dev/null
  done

  seeder tokens "$base" "$OUT/$target-seed.properties" 200 "$OUT/$target-unused-refresh.txt" "$BENCH_ACCESS"
  warm "$target" introspect "$port" introspect.lua > /dev/null
  for c in "${CONNS[@]}"; do measure "$target" introspect "$port" introspect.lua "$c" > /dev/null; done
  stop "$target"
}

# ---- hostile growth: what anonymous floods from many addresses add to the database -----------------------------
# Rate limits at their defaults. wrk sends hostile token, refresh, revocation, introspection and registration requests
# (bench/wrk/hostile.lua), each from a new X-Forwarded-For address (IPv4 and IPv6 alternately, every IPv6 one in its
# own /64); the database's size is taken before and after, on H2 (the file, closed) and on PostgreSQL (the tables of
# the schema). HOSTILE_SECONDS sets how long each run sends (default 60).
hostile_growth() {
  local seconds=${HOSTILE_SECONDS:-60}
  local -a service=(java $JAVA_OPTS -jar "$SERVICE_JAR")
  hostile_env() {
    export DCR_HOST=127.0.0.1 DCR_PORT=$1 DCR_ISSUER=http://127.0.0.1:$1 DCR_TRUSTED_PROXIES=127.0.0.1
  }
  hostile_run() {
    local target=$1 port=$2
    local line; line=$(wrk -t2 -c16 -d"${seconds}s" --timeout 10s -s "$BENCH_WRK_DIR/hostile.lua" \
      "http://127.0.0.1:$port" 2>&1 | tee "$OUT/hostile-$target.wrk.log" | grep '^HOSTILE' | cut -f2-)
    meta "hostile.$target.answers" "$line"
    log "hostile $target: requests, 2xx, 4xx, 429, 5xx, socket errors: $(echo "$line" | tr '\t' ' ')"
  }
  h2_size() { stat -c %s "$DCR_DATA_DIR/dcr.mv.db"; }
  pg_size() {
    psql -h 127.0.0.1 -U postgres -d bench_hostile -tAc "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
  }
  pg_rows() {
    psql -h 127.0.0.1 -U postgres -d bench_hostile -tAF' ' -c "SELECT (SELECT COUNT(*) FROM audit_event),
      (SELECT COUNT(*) FROM refusal_count), (SELECT COUNT(*) FROM throttle_count), (SELECT COUNT(*) FROM oauth_client)"
  }
  (
    export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/hostile-h2-XXXX")
    hostile_env 18087
    launch http://127.0.0.1:18087/health/live hostile-h2 "${service[@]}"
    stop hostile-h2
    meta hostile.h2.bytes.before "$(h2_size)"
    launch http://127.0.0.1:18087/health/live hostile-h2 "${service[@]}"
    hostile_run h2 18087
    stop hostile-h2
    meta hostile.h2.bytes.after "$(h2_size)"
    log "hostile h2: file $(grep '^hostile.h2.bytes.before=' "$OUT/meta.properties" | cut -d= -f2) -> $(h2_size) bytes"
    rm -rf "$DCR_DATA_DIR"
  )
  (
    PGOPTIONS='--client-min-messages=warning' psql -h 127.0.0.1 -U postgres -d postgres -qc \
      'DROP DATABASE IF EXISTS bench_hostile' -c 'CREATE DATABASE bench_hostile' > /dev/null
    export DCR_DB_URL=jdbc:postgresql://127.0.0.1:5432/bench_hostile DCR_DB_USER=postgres
    hostile_env 18088
    launch http://127.0.0.1:18088/health/live hostile-pg "${service[@]}"
    meta hostile.pg.bytes.before "$(pg_size)"
    hostile_run pg 18088
    stop hostile-pg
    meta hostile.pg.bytes.after "$(pg_size)"
    meta hostile.pg.rows.after "$(pg_rows)"
    log "hostile pg: tables $(grep '^hostile.pg.bytes.before=' "$OUT/meta.properties" | cut -d= -f2) -> $(pg_size) bytes;"\
      "rows audit_event, refusal_count, throttle_count, oauth_client: $(pg_rows)"
  )
}

# ---- the MCP gateway: direct to a trivial MCP upstream vs through the jar, in the same run (issue 16) -------------
# The upstream (bench/.../GatewayUpstream.java: the MCP Java SDK's stateless servlet on Jetty, one tool, and an event
# stream endpoint) and the jar with DCR_GATEWAY=/mcp=<upstream> each run with the bench JVM options. wrk POSTs
# tools/call (bench/wrk/tools-call.lua) at 32 connections and at 1, to the upstream and through the gateway with a
# token from the real flow (resource=<issuer>/mcp), alternately, GATEWAY_ROUNDS times; then GatewayBench holds 1,000
# idle event streams open (reading the RSS of the process the client talks to) and reads one stream of 10,000
# events a second, direct and through the gateway. Writes the "Gateway" section of docs/benchmarks.md.
gateway() {
  local up_port=18090 port=18089 rounds=${GATEWAY_ROUNDS:-3} streams=1000 hold=15 rate=10000
  local result=$OUT/gateway.properties count=$(( rate * DURATION ))
  gw() { java -cp "$BENCH_JAR" io.mcpdcr.bench.GatewayBench "$@"; }
  rm -f "$result"
  {
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') ($(nproc) cores), $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    echo "cores=$(nproc)"
    echo "load.start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java.opts=$JAVA_OPTS"
    echo "sdk.version=$(sed -n 's:.*<mcp-sdk.version>\(.*\)</mcp-sdk.version>.*:\1:p' pom.xml)"
    echo "upstream=http://127.0.0.1:$up_port/mcp"
    echo "rounds=$rounds"
    echo "duration=$DURATION"
    echo "warmup=$JIT_WARMUP"
    echo "events.rate=$rate"
    echo "idle.hold=$hold"
    echo "raw.logs=${OUT#"$ROOT"/}"
  } > "$result"
  (
    export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/gateway-h2-XXXX")
    service_env "$port"
    export DCR_GATEWAY=/mcp=http://127.0.0.1:$up_port/mcp
    # shellcheck disable=SC2086
    echo "$PASSWORD" | java $JAVA_OPTS -jar "$SERVICE_JAR" users add bench --password-stdin > /dev/null
    log "gateway: starting the MCP upstream and the jar with DCR_GATEWAY=$DCR_GATEWAY"
    # shellcheck disable=SC2086
    launch "http://127.0.0.1:$up_port/health" gateway-upstream java $JAVA_OPTS -cp "$BENCH_JAR" \
      io.mcpdcr.bench.GatewayUpstream "$up_port"
    local upstream=$PID
    # shellcheck disable=SC2086
    launch "http://127.0.0.1:$port/health/live" gateway-jar java $JAVA_OPTS -jar "$SERVICE_JAR"
    local jar=$PID
    trap 'kill -TERM $upstream $jar 2> /dev/null; true' EXIT

    # The JWT variant: a second jar, its own H2, DCR_ACCESS_TOKEN_FORMAT=jwt, in front of the same upstream.
    local jwt_port=18091
    (
      export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/gateway-jwt-h2-XXXX")
      # shellcheck disable=SC2086
      echo "$PASSWORD" | java $JAVA_OPTS -jar "$SERVICE_JAR" users add bench --password-stdin > /dev/null
    )
    DCR_DATA_DIR=$(ls -d "$OUT"/gateway-jwt-h2-*) DCR_PORT=$jwt_port DCR_ISSUER=http://127.0.0.1:$jwt_port \
      DCR_ACCESS_TOKEN_FORMAT=jwt launch "http://127.0.0.1:$jwt_port/health/live" gateway-jar-jwt \
      java $JAVA_OPTS -jar "$SERVICE_JAR"
    local jar_jwt=$PID
    trap 'kill -TERM $upstream $jar $jar_jwt 2> /dev/null; true' EXIT
    echo "jwt.alg=ES256" >> "$result"

    local base=http://127.0.0.1:$port
    BENCH_RESOURCE=$base/mcp BENCH_PASSWORD=$PASSWORD seeder setup "$base" "$OUT/gateway-seed.properties"
    BENCH_RESOURCE=$base/mcp seeder tokens "$base" "$OUT/gateway-seed.properties" 1 "$OUT/gateway-refresh.txt" \
      "$OUT/gateway-access.txt"
    local token; token=$(head -n 1 "$OUT/gateway-access.txt")
    local jwt_base=http://127.0.0.1:$jwt_port
    BENCH_RESOURCE=$jwt_base/mcp BENCH_PASSWORD=$PASSWORD seeder setup "$jwt_base" "$OUT/gateway-jwt-seed.properties"
    BENCH_RESOURCE=$jwt_base/mcp seeder tokens "$jwt_base" "$OUT/gateway-jwt-seed.properties" 1 \
      "$OUT/gateway-jwt-refresh.txt" "$OUT/gateway-jwt-access.txt"
    local jwt_token; jwt_token=$(head -n 1 "$OUT/gateway-jwt-access.txt")
    [[ $jwt_token == *.*.* ]] || { log "gateway: the jwt jar issued no JWT"; exit 1; }
    local answer; answer=$(curl -s -X POST "$base/mcp" -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
      -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"bench"}}}')
    [[ $answer == *'"result"'* ]] || { log "gateway: tools/call through the gateway answered: $answer"; exit 1; }

    export BENCH_MCP_PATH=/mcp
    # CPU time a process has used (user + system), in clock ticks: what each tools/call costs each process.
    cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
    echo "clk.tck=$(getconf CLK_TCK)" >> "$result"
    # tools_call direct|gateway PORT CONNS SECONDS NAME: one wrk run, its BENCH fields on stdout
    tools_call() {
      local path=$1 p=$2 conns=$3 seconds=$4 name=$5
      local bearer=""
      case $path in gateway) bearer=$token ;; gateway-jwt) bearer=$jwt_token ;; esac
      BENCH_TOKEN=$bearer drive "$p" tools-call.lua "$conns" "$seconds" "$OUT/gateway-$path-$conns-$name.wrk.log"
    }
    log "gateway: warming up ($(( JIT_WARMUP / 2 )) s direct, $JIT_WARMUP s through the gateway)"
    tools_call direct "$up_port" 32 $(( JIT_WARMUP / 2 )) warmup > /dev/null
    tools_call gateway "$port" 32 "$JIT_WARMUP" warmup > /dev/null
    tools_call gateway-jwt "$jwt_port" 32 "$JIT_WARMUP" warmup > /dev/null
    for r in $(seq 1 "$rounds"); do
      for c in 32 1; do
        for path in direct gateway gateway-jwt; do
          local p j; case $path in direct) p=$up_port j=$jar ;; gateway) p=$port j=$jar ;; *) p=$jwt_port j=$jar_jwt ;; esac
          local j0 u0; j0=$(cpu_ticks "$j"); u0=$(cpu_ticks "$upstream")
          local fields; fields=$(tools_call "$path" "$p" "$c" "$DURATION" "r$r")
          printf 'wrk.%s.%s.r%s=%s\n' "$path" "$c" "$r" "$fields" >> "$result"
          printf 'cpu.%s.%s.r%s=%s %s\n' "$path" "$c" "$r" $(( $(cpu_ticks "$j") - j0 )) \
            $(( $(cpu_ticks "$upstream") - u0 )) >> "$result"
          log "gateway round $r, $path c=$c: $(awk -v f="$fields" 'BEGIN {split(f, a, "\t"); printf "%.0f req/s, p50 %.3f ms, p99 %.1f ms, errors %d", a[1] * 1e6 / a[2], a[3] / 1000, a[4] / 1000, a[6] + a[7]}')"
        done
      done
    done

    log "gateway: $streams idle event streams, direct then through the gateway, each held $hold s"
    gw idle-streams "$up_port" /mcp/events - "$streams" "$upstream" "$hold" "$result" idle.direct
    gw idle-streams "$port" /mcp/events "$token" "$streams" "$jar" "$hold" "$result" idle.gateway \
      "$upstream" idle.upstream
    local closed; closed=$(date +%s)
    log "gateway: one stream of $count events at $rate/s, direct then through the gateway"
    gw firehose "http://127.0.0.1:$up_port/mcp/events" - "$rate" "$count" "$result" events.direct
    gw firehose "$base/mcp/events" "$token" "$rate" "$count" "$result" events.gateway

    echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$result"
    # The idle streams' clients closed their sockets: does the jar still hold them (CLOSE-WAIT), and their upstreams?
    echo "idle.abandoned.seconds=$(( $(date +%s) - closed ))" >> "$result"
    echo "idle.abandoned.close.wait=$(ss -Htn state close-wait "( sport = :$port )" | wc -l)" >> "$result"
    echo "idle.abandoned.upstream.connections=$(ss -Htn state established "( sport = :$up_port )" | wc -l)" \
      >> "$result"
    kill -0 "$jar" 2> /dev/null || { log "gateway: the jar died"; tail -n 20 "$OUT/gateway-jar.log" >&2; exit 1; }
    PID=$jar; stop gateway-jar
    PID=$jar_jwt; stop gateway-jar-jwt
    PID=$upstream; stop gateway-upstream
    trap - EXIT
    log "gateway: OutOfMemoryError lines in the jar's log: $(grep -c OutOfMemoryError "$OUT/gateway-jar.log" || true)"
    gw section "$result" "$ROOT/docs/benchmarks.md" > "$OUT/gateway-section.md"
    log "gateway: wrote the section \"Gateway\" of docs/benchmarks.md (raw logs in $OUT)"
    rm -rf "$DCR_DATA_DIR"
  )
}
# ---- JWT access tokens: opaque vs jwt in the same run (issue 18) ---------------------------------------------------
# Two jars on H2, DCR_ACCESS_TOKEN_FORMAT=opaque and =jwt (ES256), both with DCR_GATEWAY to one GatewayUpstream. wrk
# drives them alternately at 32 connections, JWT_ROUNDS times (default 3): code exchange, refresh rotation and
# tools/call through the gateway. Then JMH's JwtSigningBenchmark (signing cost per token, ES256 and RS256), and
# JwtReport writes the "JWT access tokens" section of docs/benchmarks.md.
jwt_scenario() {
  local rounds=${JWT_ROUNDS:-3} up_port=18094 conns=32 result=$OUT/jwt.properties
  rm -f "$result"
  {
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') ($(nproc) cores), $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
    echo "load.start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java.opts=$JAVA_OPTS"
    echo "java.version=$(java -version 2>&1 | head -n 1)"
    echo "rounds=$rounds"
    echo "conns=$conns"
    echo "duration=$DURATION"
    echo "warmup=$WARMUP"
    echo "jmh.options=$JMH_OPTS"
    echo "raw.logs=${OUT#"$ROOT"/}"
  } > "$result"
  (
    declare -A port=([opaque]=18092 [jwt]=18093) jar
    # shellcheck disable=SC2086
    launch "http://127.0.0.1:$up_port/health" jwt-upstream java $JAVA_OPTS -cp "$BENCH_JAR" \
      io.mcpdcr.bench.GatewayUpstream "$up_port"
    local upstream=$PID
    for fmt in opaque jwt; do
      export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/jwt-$fmt-h2-XXXX")
      service_env "${port[$fmt]}"
      export DCR_GATEWAY=/mcp=http://127.0.0.1:$up_port/mcp DCR_ACCESS_TOKEN_FORMAT=$fmt
      # shellcheck disable=SC2086
      echo "$PASSWORD" | java $JAVA_OPTS -jar "$SERVICE_JAR" users add bench --password-stdin > /dev/null
      log "jwt: starting the jar with DCR_ACCESS_TOKEN_FORMAT=$fmt"
      # shellcheck disable=SC2086
      launch "http://127.0.0.1:${port[$fmt]}/health/live" "jwt-$fmt" java $JAVA_OPTS -jar "$SERVICE_JAR"
      jar[$fmt]=$PID
      local base=http://127.0.0.1:${port[$fmt]}
      BENCH_RESOURCE=$base/mcp BENCH_PASSWORD=$PASSWORD seeder setup "$base" "$OUT/jwt-$fmt-seed.properties"
      BENCH_RESOURCE=$base/mcp seeder tokens "$base" "$OUT/jwt-$fmt-seed.properties" 1 "$OUT/jwt-$fmt-unused.txt" \
        "$OUT/jwt-$fmt-gateway-access.txt"
    done
    trap 'kill -TERM $upstream ${jar[opaque]} ${jar[jwt]} 2> /dev/null; true' EXIT
    [[ $(head -n 1 "$OUT/jwt-jwt-gateway-access.txt") == *.*.* ]] || { log "jwt: the jwt jar issued no JWT"; exit 1; }

    # One measurement: codes or refresh tokens seeded for it first, the fields appended to the result.
    jwt_measure() {
      local workload=$1 fmt=$2 seconds=$3 name=$4
      local base=http://127.0.0.1:${port[$fmt]} seed=$OUT/jwt-$fmt-seed.properties
      export BENCH_CLIENT_ID; BENCH_CLIENT_ID=$(sed -n 's/^client_id=//p' "$seed")
      case $workload in
        code)
          export BENCH_CODES=$OUT/jwt-$fmt-codes.txt
          BENCH_RESOURCE=$base/mcp seeder codes "$base" "$seed" "${CODES_PER_RUN:-$(( 2000 * seconds ))}" "$BENCH_CODES"
          drive "${port[$fmt]}" code.lua "$conns" "$seconds" "$OUT/jwt-$workload-$fmt-$name.wrk.log" ;;
        refresh)
          export BENCH_REFRESH=$OUT/jwt-$fmt-refresh.txt
          BENCH_RESOURCE=$base/mcp seeder tokens "$base" "$seed" $(( 2 * conns + 32 )) "$BENCH_REFRESH" \
            "$OUT/jwt-$fmt-access.txt"
          drive "${port[$fmt]}" refresh.lua "$conns" "$seconds" "$OUT/jwt-$workload-$fmt-$name.wrk.log" ;;
        gateway)
          BENCH_MCP_PATH=/mcp BENCH_TOKEN=$(head -n 1 "$OUT/jwt-$fmt-gateway-access.txt") \
            drive "${port[$fmt]}" tools-call.lua "$conns" "$seconds" "$OUT/jwt-$workload-$fmt-$name.wrk.log" ;;
      esac
    }
    log "jwt: warming up each jar ($JIT_WARMUP s of registrations, then $WARMUP s of each workload)"
    for fmt in opaque jwt; do
      warm "jwt-$fmt" register "${port[$fmt]}" register.lua "$JIT_WARMUP" > /dev/null
      for w in code refresh gateway; do jwt_measure "$w" "$fmt" "$WARMUP" warmup > /dev/null; done
    done
    for r in $(seq 1 "$rounds"); do
      for w in code refresh gateway; do
        for fmt in opaque jwt; do
          local fields; fields=$(jwt_measure "$w" "$fmt" "$DURATION" "r$r")
          printf 'wrk.%s.%s.r%s=%s\n' "$w" "$fmt" "$r" "$fields" >> "$result"
          log "jwt round $r, $w $fmt: $(awk -v f="$fields" 'BEGIN {split(f, a, "\t"); printf "%.0f req/s, p99 %.1f ms, errors %d", a[1] * 1e6 / a[2], a[4] / 1000, a[6] + a[7]}')"
        done
      done
    done
    echo "load.end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$result"
    for fmt in opaque jwt; do PID=${jar[$fmt]}; stop "jwt-$fmt"; done
    PID=$upstream; stop jwt-upstream
    trap - EXIT
  )
  log "jwt: JMH JwtSigningBenchmark ($JMH_OPTS)"
  # shellcheck disable=SC2086
  java -jar "$BENCH_JAR" $JMH_OPTS -rf json -rff "$OUT/jwt-jmh.json" 'io.mcpdcr.bench.micro.JwtSigningBenchmark' \
    > "$OUT/jwt-jmh.log" 2>&1
  java -cp "$BENCH_JAR" io.mcpdcr.bench.JwtReport "$result" "$OUT/jwt-jmh.json" "$ROOT/docs/benchmarks.md" \
    > "$OUT/jwt-section.md"
  log "jwt: wrote the section \"JWT access tokens\" of docs/benchmarks.md (raw logs in $OUT)"
}
if [[ $ONLY == hostile-growth ]]; then
  hostile_growth
  exit 0
elif [[ $ONLY == gateway ]]; then
  gateway
  exit 0
elif [[ $ONLY == jwt ]]; then
  jwt_scenario
  exit 0
elif [[ -n $ONLY ]]; then
  log "unknown scenario for --only: $ONLY"; exit 1
fi

# Start-up is measured first, once the build's load has passed: on a machine still busy it measures the machine.
quiet() {
  for _ in $(seq 1 90); do
    awk '{exit !($1 < 0.5)}' /proc/loadavg && return 0
    sleep 2
  done
  log "the machine did not quieten (load $(cut -d' ' -f1 /proc/loadavg)); measuring anyway"
}
quiet
meta load.startup "$(cut -d' ' -f1-3 /proc/loadavg)"
# ---- start-up: median of 5 starts on an existing H2 database, with the JVM's defaults and with an AppCDS archive ----
(
  export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/startup-XXXX")
  service_env 18086
  starts() {
    local name=$1; shift
    local times=()
    for i in 1 2 3 4 5; do
      # shellcheck disable=SC2086
      launch http://127.0.0.1:18086/health/live "startup-$name-$i" java $JAVA_OPTS "$@" -jar "$SERVICE_JAR"
      times+=("$STARTED_MS")
      stop "startup-$name-$i"
    done
    meta "startup.median.$name" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)"
    log "start-up $name: ${times[*]} ms"
  }
  starts default
  # The archive recipe of docs/operations.md: one run that serves a request, stopped with SIGTERM.
  # shellcheck disable=SC2086
  launch http://127.0.0.1:18086/health/live startup-training java $JAVA_OPTS -XX:ArchiveClassesAtExit="$OUT/dcr.jsa" \
    -jar "$SERVICE_JAR"
  curl -s -o /dev/null -H 'Content-Type: application/json' \
    -d '{"client_name":"Training","redirect_uris":["http://localhost:33418/callback"]}' http://127.0.0.1:18086/o/register/
  stop startup-training
  starts appcds -XX:SharedArchiveFile="$OUT/dcr.jsa"
)

(
  export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/h2-XXXX")
  service_env 18081
  bench_service h2 18081
  # Gigabytes of H2 file still being written back would slow PostgreSQL's fsyncs in the next run.
  rm -rf "$DCR_DATA_DIR"
  sync
)
(
  log "pg: recreating database bench"
  PGOPTIONS='--client-min-messages=warning' psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS bench' \
    -c 'CREATE DATABASE bench' > /dev/null
  export DCR_DB_URL=$PG_URL DCR_DB_USER=postgres
  service_env 18082
  bench_service pg 18082
)

# ---- the ceiling: same workloads, secrets it does not check ------------------------------------------------------
(
  log "ceiling: starting bare Javalin"
  seq -f 'ceiling-secret-%06g' 1 200000 > "$OUT/ceiling-secrets.txt"
  export BENCH_CLIENT_ID=ceiling BENCH_RS_BASIC=Y2VpbGluZzpjZWlsaW5n
  export BENCH_CODES=$OUT/ceiling-secrets.txt BENCH_REFRESH=$OUT/ceiling-secrets.txt BENCH_ACCESS=$OUT/ceiling-secrets.txt
  # shellcheck disable=SC2086
  launch http://127.0.0.1:18083/health/live ceiling java $JAVA_OPTS -cp "$BENCH_JAR" io.mcpdcr.bench.CeilingServer 18083
  warm ceiling register 18083 register.lua "$JIT_WARMUP" > /dev/null
  for w in register code refresh introspect; do
    warm ceiling "$w" 18083 "$w.lua" > /dev/null
    for c in "${CONNS[@]}"; do measure ceiling "$w" 18083 "$w.lua" "$c" > /dev/null; done
  done
  stop ceiling
)

# ---- the peer ----------------------------------------------------------------------------------------------------
if $HAVE_NODE; then
  (
    log "peer: starting the MCP SDK auth router"
    export PORT=18084 BENCH_PATH=/register NODE_ENV=production
    launch http://127.0.0.1:18084/.well-known/oauth-authorization-server peer node bench/peer/server.js
    warm peer register 18084 register.lua "$JIT_WARMUP" > /dev/null
    for c in "${CONNS[@]}"; do measure peer register 18084 register.lua "$c" > /dev/null; done
    stop peer
  )
fi

# ---- memory: registrations from distinct addresses, rate limits on -----------------------------------------------
(
  log "memory: $MEM_MARK registrations, then $MEM_SECONDS s sampled every 10 s"
  export DCR_DATA_DIR; DCR_DATA_DIR=$(mktemp -d "$OUT/memrun-XXXX")
  export DCR_HOST=127.0.0.1 DCR_PORT=18085 DCR_ISSUER=http://127.0.0.1:18085 DCR_TRUSTED_PROXIES=127.0.0.1
  export DCR_REGISTER_GLOBAL=1000000/1m DCR_METRICS=public
  # shellcheck disable=SC2086
  launch http://127.0.0.1:18085/health/live memrun java $JAVA_OPTS -jar "$SERVICE_JAR"
  registered() {
    curl -s http://127.0.0.1:18085/metrics | awk '/^dcr_registrations_total\{/ && /outcome="created"/ {s += $2} END {printf "%d", s}'
  }
  rss() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }
  BENCH_THREADS=2 wrk -t2 -c32 -d$(( MEM_SECONDS + 1200 ))s --timeout 10s -s "$BENCH_WRK_DIR/register-xff.lua" \
    http://127.0.0.1:18085 > "$OUT/memrun.wrk.log" 2>&1 &
  WRK=$!
  for _ in $(seq 1 1200); do (( $(registered) >= MEM_MARK )) && break; sleep 1; done
  start=$(date +%s)
  : > "$OUT/memrun.tsv"
  while :; do
    now=$(date +%s)
    printf '%d\t%d\t%d\n' $(( now - start )) "$(rss)" "$(registered)" >> "$OUT/memrun.tsv"
    (( now - start >= MEM_SECONDS )) && break
    sleep $(( 10 - ($(date +%s) - now) > 1 ? 10 - ($(date +%s) - now) : 1 ))
  done
  kill -INT "$WRK"; wait "$WRK" || true
  sleep 1
  meta memrun.errors "$(grep '^BENCH' "$OUT/memrun.wrk.log" | awk -F'\t' '{print $7 + $8}')"
  stop memrun
)

hostile_growth

# ---- micro-benchmarks and the report -----------------------------------------------------------------------------
log "JMH micro-benchmarks ($JMH_OPTS)"
# shellcheck disable=SC2086
java -jar "$BENCH_JAR" $JMH_OPTS -rf json -rff "$OUT/jmh.json" 'io.mcpdcr.bench.micro.*' > "$OUT/jmh.log" 2>&1
meta load.end "$(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$BENCH_JAR" io.mcpdcr.bench.ReportWriter "$OUT" "$ROOT/docs" "$ROOT/bench/findings.md"
log "wrote docs/benchmarks.md and docs/benchmarks-throughput.png (raw logs in bench/target/run)"

# ---- the gateway scenario: its own section, added to the report just written ----
gateway

# ---- the JWT access token scenario: its own section ----
jwt_scenario

# ---- the sign-in burst scenario: its own section, added to the report just written ----
BENCH_SKIP_BUILD=true bench/login-burst.sh
