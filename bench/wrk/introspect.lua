-- RFC 7662 introspection by a resource server (HTTP Basic), cycling over live access tokens (access.txt).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local tokens, i = {}, 0

function init(args)
  tokens = my_lines(os.getenv("BENCH_ACCESS"), tonumber(wrk.thread:get("id")), tonumber(os.getenv("BENCH_THREADS")))
end

function request()
  i = i % #tokens + 1
  return wrk.format("POST", "/o/introspect/", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Authorization"] = "Basic " .. os.getenv("BENCH_RS_BASIC") },
    "token=" .. tokens[i])
end

function response(status, headers, body)
  count_answer(status)
end
