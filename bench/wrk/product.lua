-- GET /api/v1/products/{id} for random ids of the seeded catalog.
dofile("bench/wrk/lines.lua")
local ids = state_lines("catalog-ids.txt")
request = function()
  return wrk.format("GET", "/api/v1/products/" .. ids[math.random(#ids)])
end
dofile("bench/wrk/report.lua")
