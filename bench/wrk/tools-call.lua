-- MCP tools/call (JSON-RPC over Streamable HTTP, stateless) to the path in BENCH_MCP_PATH, with the bearer token in
-- BENCH_TOKEN when set (through the gateway) and none when empty (straight to the upstream). An answer counts as an
-- error unless it is a 2xx carrying a JSON-RPC result.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local path = os.getenv("BENCH_MCP_PATH")
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json, text/event-stream",
  ["MCP-Protocol-Version"] = "2025-06-18" }
local token = os.getenv("BENCH_TOKEN") or ""
if token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"bench"}}}'

function request()
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status <= 299 and not body:find('"result"', 1, true) then
    status = 599
  end
  count_answer(status)
end
