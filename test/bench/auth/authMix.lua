-- wrk script for the Hysteria auth endpoint: each thread cycles through the prepared mix of requests in the
-- file named by WRK_MIX_FILE (one "path<TAB>json body" per line), starting at a different place, and done()
-- prints the figures as one JSON line for the orchestrator. With WRK_COUNT_STATUSES set, every answer other
-- than 200 is counted too (the soak needs that; the benchmark skips the per-response callback).
local requests = {}
local next_index = 0
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  thread:set("non_200", 0)
  threads[#threads + 1] = thread
end

function init(args)
  local file = assert(io.open(os.getenv("WRK_MIX_FILE"), "r"))
  for line in file:lines() do
    local path, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
  end
  file:close()
  next_index = (thread_number * 7919) % #requests
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

if os.getenv("WRK_COUNT_STATUSES") then
  function response(status)
    if status ~= 200 then non_200 = non_200 + 1 end
  end
end

function done(summary, latency, _)
  local e = summary.errors
  local counted = "null"
  if os.getenv("WRK_COUNT_STATUSES") then
    counted = 0
    for _, thread in ipairs(threads) do counted = counted + thread:get("non_200") end
  end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"status_errors":%d,"non_200":%s,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status, counted,
    latency:percentile(50), latency:percentile(99), latency.max))
end
