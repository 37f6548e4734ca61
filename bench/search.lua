-- wrk script: the searches of bench/search-queries.txt (500 distinct ones drawn from the seeded catalog's words: text,
-- some with a typo or cut short, category, price and stock filters, every sort, pages 1-5; facets are always computed),
-- each thread starting at its own place in the list. `dotnet run --project bench/SearchBench -- --write-queries FILE`
-- regenerates the list.
local paths = {}
for line in io.lines("bench/search-queries.txt") do
  paths[#paths + 1] = line
end

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("first", threads * 137)
end

local i = nil
request = function()
  i = (i or tonumber(wrk.thread:get("first")) or 0) + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("HTTP search: %d requests, %.0f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
