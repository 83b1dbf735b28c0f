-- wrk script for bench/throughput.py.
-- With BENCH_PATHS set (paths separated by spaces), each connection cycles through them: the load
-- test across every public page. Either way, wrk prints one line of JSON at the end: the counts,
-- the latency percentiles (microseconds) and the errors, for the script to read.

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "%S+") do
  table.insert(paths, path)
end

if #paths > 0 then
  local counter = 0
  -- Each wrk thread has its own copy of this script: start the threads at different pages.
  setup = function(thread)
    thread:set("offset", math.random(#paths))
  end
  request = function()
    counter = counter + 1
    return wrk.format("GET", paths[((counter + (offset or 0)) % #paths) + 1])
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, '
      .. '"timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
