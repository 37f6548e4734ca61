-- The searches of bench/search.lua (text with typos, category and price filters, sorts, paging; facets always),
-- reported for the table.
dofile("bench/search.lua")
dofile("bench/wrk/report.lua")
