-- wrk script: constituency pages 1..29 in turn.
local i = 0
request = function()
  i = i % 29 + 1
  return wrk.format("GET", "/constituencies/" .. i)
end
