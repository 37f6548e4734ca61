-- The ceiling: GET of the given path (/health/live) through the same NGINX, reported for the table.
dofile("bench/wrk/report.lua")
