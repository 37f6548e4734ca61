-- Loaded last by every bench/run.sh wrk scenario: one machine-readable line for the table, tab-separated:
-- ROW, req/s, p50, p95, p99 (ms), requests, failed (socket errors, timeouts and answers that are not 2xx/3xx).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("ROW\t%.0f\t%.1f\t%.1f\t%.1f\t%d\t%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors.status + errors.connect + errors.read + errors.write + errors.timeout))
end
