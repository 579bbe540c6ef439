-- Shared by every workload script (loaded with dofile): counts non-2xx answers per thread and prints one
-- machine-readable line at the end. Each workload script defines request() and may call on_answer().
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

non2xx = 0

function count_answer(status)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

-- Lines of a file that belong to this thread: line i goes to thread i mod n, so threads never share a secret.
function my_lines(path, id, n)
  local lines, i = {}, 0
  for line in io.lines(path) do
    if i % n == id then
      table.insert(lines, line)
    end
    i = i + 1
  end
  return lines
end

function done(summary, latency, requests)
  local errors = 0
  for _, t in ipairs(threads) do
    errors = errors + t:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format("BENCH\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), errors, e.connect + e.read + e.write + e.timeout))
end
