-- POST /api/v1/cart/add: one unit of a random plentiful bench product to a random buyer's cart.
dofile("bench/wrk/lines.lua")
local tokens = state_lines("tokens.txt")
local products = state_lines("cart-products.txt")
request = function()
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
  }
  return wrk.format("POST", "/api/v1/cart/add", headers,
    '{"productId":"' .. products[math.random(#products)] .. '","quantity":1}')
end
dofile("bench/wrk/report.lua")
