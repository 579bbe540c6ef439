-- Authorization code exchange with PKCE: each request redeems a fresh single-use code seeded through the real
-- login and consent flow (codes.txt, one per line). A thread that runs out sends a spent code, counted as an error.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local client_id = os.getenv("BENCH_CLIENT_ID")
local verifier = os.getenv("BENCH_VERIFIER")
local redirect = os.getenv("BENCH_REDIRECT_ENCODED")
local codes, next_code = {}, 1

function init(args)
  codes = my_lines(os.getenv("BENCH_CODES"), tonumber(wrk.thread:get("id")), tonumber(os.getenv("BENCH_THREADS")))
end

function request()
  local code = codes[next_code] or "exhausted"
  next_code = next_code + 1
  return wrk.format("POST", "/o/token/", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=authorization_code&client_id=" .. client_id .. "&code=" .. code
      .. "&redirect_uri=" .. redirect .. "&code_verifier=" .. verifier)
end

function response(status, headers, body)
  count_answer(status)
end
