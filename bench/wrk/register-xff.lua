-- Registration from a fleet of distinct client addresses behind a trusted proxy: every request carries another
-- X-Forwarded-For, so the per-IP limiter keeps one state per address (the memory run, rate limits on).
-- The addresses are header values only; no traffic goes to them.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local body = '{"client_name":"Claude Code (bench)","redirect_uris":["http://localhost:33418/callback"],'
  .. '"grant_types":["authorization_code","refresh_token"],"response_types":["code"],'
  .. '"token_endpoint_auth_method":"none"}'
local counter = 0

function init(args)
  thread_id = tonumber(wrk.thread:get("id"))
end

function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", (thread_id * 64 + math.floor(counter / 65536)) % 256,
    math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/o/register/",
    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
end

function response(status, headers, body)
  count_answer(status)
end
