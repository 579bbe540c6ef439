#!/usr/bin/env bash
# The official MCP TypeScript SDK client through the gateway, end to end: bench/mcp-clients/run.sh
#
# Starts an MCP server written with the TypeScript SDK on a loopback port (upstream.js), builds and starts this
# service on another, default settings plus DCR_GATEWAY (and an H2 database in a temp dir), adds a user, then runs
# the SDK's own client (client.js) knowing only http://127.0.0.1:<port>/mcp: discovery, registration, sign-in,
# consent, token exchange, tool calls, progress, refresh. Prints PASS or FAIL per step; exits non-zero on a failure.
# Stops everything it started. Needs Java 17, Maven, Node.js 20 and npm (the packages come from the npm registry).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$ROOT/bootstrap/target/dcr-server.jar
USERNAME=alice
PASSWORD='correct horse battery staple'
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dcr-mcp-clients.XXXXXX")
PIDS=()

pass() { printf 'PASS %s\n' "$*"; }
# fail MESSAGE [LOG...]: the step's FAIL line, then the last lines of the logs that explain it (default: the servers')
fail() {
  printf 'FAIL %s\n' "$1"
  local logs=("${@:2}")
  (( ${#logs[@]} )) || logs=(server.log upstream.log)
  for log in "${logs[@]}"; do
    [[ -s $WORK/$log ]] && { printf -- '--- %s (last lines)\n' "$log"; tail -20 "$WORK/$log"; }
  done
  exit 1
}
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2> /dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# ---- build -------------------------------------------------------------------------------------------------------
(cd "$ROOT" && { mvn -B -q -o -DskipTests package > "$WORK/build.log" 2>&1 \
  || mvn -B -q -DskipTests package > "$WORK/build.log" 2>&1; }) || fail "build the service (mvn -DskipTests package)" build.log
(cd "$HERE" && npm ci --no-audit --no-fund --silent > "$WORK/npm.log" 2>&1) || fail "install the MCP SDK (npm ci)" npm.log
pass "built bootstrap/target/dcr-server.jar and installed @modelcontextprotocol/sdk $(node -p "require('$HERE/node_modules/@modelcontextprotocol/sdk/package.json').version")"

# ---- 1. the upstream MCP server ----------------------------------------------------------------------------------
node "$HERE/upstream.js" > "$WORK/upstream.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  UPSTREAM_PORT=$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$WORK/upstream.log")
  [[ -n $UPSTREAM_PORT ]] && break
  sleep 0.1
done
[[ -n ${UPSTREAM_PORT:-} ]] || fail "start the upstream MCP server (TypeScript SDK)" upstream.log
UPSTREAM=http://127.0.0.1:$UPSTREAM_PORT/mcp
UPSTREAM_JSON=http://127.0.0.1:$UPSTREAM_PORT/mcp-json
pass "upstream MCP server (TypeScript SDK, Streamable HTTP) at $UPSTREAM (event streams) and $UPSTREAM_JSON (JSON)"

# ---- 2. the service with the gateway in front of the upstream ----------------------------------------------------
PORT=$(free_port)
export DCR_PORT=$PORT DCR_HOST=127.0.0.1 DCR_ISSUER=http://127.0.0.1:$PORT DCR_DATA_DIR=$WORK/data \
  DCR_GATEWAY=/mcp=$UPSTREAM,/json=$UPSTREAM_JSON
java -jar "$JAR" users add "$USERNAME" --password-stdin <<< "$PASSWORD" > "$WORK/users.log" 2>&1 \
  || fail "add user $USERNAME (java -jar dcr-server.jar users add)" users.log
java -Xmx256m -jar "$JAR" > "$WORK/server.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" > /dev/null 2>&1 && READY=yes && break
  kill -0 "${PIDS[-1]}" 2> /dev/null || break
  sleep 0.1
done
[[ ${READY:-} == yes ]] || fail "start dcr-server.jar with DCR_GATEWAY=$DCR_GATEWAY" server.log
pass "dcr-server on $DCR_ISSUER, DCR_GATEWAY=$DCR_GATEWAY, user $USERNAME added"

# ---- 3-6. the official TypeScript SDK client, knowing only the gateway URL ---------------------------------------
GATEWAY_URL=http://127.0.0.1:$PORT/mcp JSON_GATEWAY_URL=http://127.0.0.1:$PORT/json MCP_USER=$USERNAME MCP_PASSWORD=$PASSWORD node "$HERE/client.js" \
  || fail "the TypeScript SDK client through the gateway (see the FAIL line above)"
