-- Hostile traffic from a fleet of distinct addresses behind a trusted proxy (the hostile-growth run): every request
-- carries another X-Forwarded-For, alternately IPv4 and IPv6, and is one of six requests anyone can send without
-- credentials: a token request with an unsupported grant, a code exchange with a made-up code and client, a refresh
-- with a made-up token, a revocation for an unknown client, an introspection with wrong credentials, and a
-- registration. The addresses are header values only; no traffic goes to them. Prints
-- "HOSTILE <requests> <2xx> <4xx> <429> <5xx> <socket errors>".
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local counter = 0
ok, client_errors, throttled, server_errors = 0, 0, 0, 0

function init(args)
  thread_id = tonumber(wrk.thread:get("id"))
end

local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local register = '{"client_name":"Hostile","redirect_uris":["http://localhost:33418/callback"]}'

local function address(n)
  if n % 2 == 0 then
    return string.format("10.%d.%d.%d", (thread_id * 64 + math.floor(n / 65536)) % 256, math.floor(n / 256) % 256,
      n % 256)
  end
  -- a distinct /64 each time, so every request is a new limiter key and a new count key
  return string.format("2001:db8:%x:%x::%x", thread_id, n % 65536, n)
end

local function junk(n)
  return string.format("hostile-%d-%d-0123456789abcdefghijklmnopqrstuvwxyz", thread_id, n)
end

function request()
  counter = counter + 1
  local headers = { ["X-Forwarded-For"] = address(counter) }
  local kind = counter % 6
  if kind == 5 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/o/register/", headers, register)
  end
  for k, v in pairs(form) do headers[k] = v end
  if kind == 0 then
    return wrk.format("POST", "/o/token/", headers, "grant_type=x" .. counter)
  elseif kind == 1 then
    return wrk.format("POST", "/o/token/", headers, "grant_type=authorization_code&code=" .. junk(counter)
      .. "&client_id=" .. junk(counter) .. "&code_verifier=" .. junk(counter))
  elseif kind == 2 then
    return wrk.format("POST", "/o/token/", headers, "grant_type=refresh_token&refresh_token=" .. junk(counter)
      .. "&client_id=" .. junk(counter))
  elseif kind == 3 then
    return wrk.format("POST", "/o/revoke/", headers, "token=" .. junk(counter) .. "&client_id=" .. junk(counter))
  end
  headers["Authorization"] = "Basic aG9zdGlsZTpndWVzcw=="
  return wrk.format("POST", "/o/introspect/", headers, "token=" .. junk(counter))
end

function response(status, headers, body)
  if status == 429 then
    throttled = throttled + 1
  elseif status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local sums = { ok = 0, client_errors = 0, throttled = 0, server_errors = 0 }
  for _, t in ipairs(threads) do
    for k, _ in pairs(sums) do sums[k] = sums[k] + t:get(k) end
  end
  local e = summary.errors
  io.write(string.format("HOSTILE\t%d\t%d\t%d\t%d\t%d\t%d\n", summary.requests, sums.ok, sums.client_errors,
    sums.throttled, sums.server_errors, e.connect + e.read + e.write + e.timeout))
end
