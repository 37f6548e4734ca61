-- wrk script: rotates through catalog searches with text, filters, sorts and paging (facets are always computed).
local paths = {
  "/api/v1/products?q=wireles%20headphnes",
  "/api/v1/products?q=lamp&category=Home&minPrice=10&maxPrice=200&inStock=true&sort=price_asc",
  "/api/v1/products?category=Kitchen&inStock=true&page=3",
  "/api/v1/products?q=cafe%20kettle&maxPrice=300",
  "/api/v1/products?minPrice=50&maxPrice=100&sort=name",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("HTTP search: %d requests, %.0f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
