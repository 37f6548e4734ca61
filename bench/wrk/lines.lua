-- Reads one of the files the bench driver wrote in BENCH_STATE (one value per line) and seeds this thread's random
-- numbers apart from the other threads'.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

init = function(args)
  math.randomseed(os.time() * 100 + tonumber(wrk.thread:get("seed")))
end

function state_lines(name)
  local values = {}
  for line in io.lines(os.getenv("BENCH_STATE") .. "/" .. name) do
    values[#values + 1] = line
  end
  return values
end
