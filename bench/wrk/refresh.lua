-- Refresh token rotation as a client does it: every answer's new refresh token goes back into this thread's queue,
-- so a few seeded tokens (refresh.txt) last the whole run. A lost answer loses one token.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local client_id = os.getenv("BENCH_CLIENT_ID")
local queue, head, tail = {}, 1, 0

function init(args)
  queue = my_lines(os.getenv("BENCH_REFRESH"), tonumber(wrk.thread:get("id")), tonumber(os.getenv("BENCH_THREADS")))
  tail = #queue
end

function request()
  local token = queue[head] or "exhausted"
  queue[head] = nil
  head = head + 1
  return wrk.format("POST", "/o/token/", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=refresh_token&client_id=" .. client_id .. "&refresh_token=" .. token)
end

function response(status, headers, body)
  count_answer(status)
  local rotated = body:match('"refresh_token":"([^"]+)"')
  if rotated then
    tail = tail + 1
    queue[tail] = rotated
  end
end
