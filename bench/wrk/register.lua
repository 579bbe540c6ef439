-- RFC 7591 registration with the body an MCP client (Claude Code, MCP Inspector) sends. Same body to every target.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

wrk.method = "POST"
wrk.path = os.getenv("BENCH_PATH") or "/o/register/"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"client_name":"Claude Code (bench)","redirect_uris":["http://localhost:33418/callback"],'
  .. '"grant_types":["authorization_code","refresh_token"],"response_types":["code"],'
  .. '"token_endpoint_auth_method":"none"}'

function response(status, headers, body)
  count_answer(status)
end
