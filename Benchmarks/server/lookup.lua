-- wrk script: point look-ups cycling through points.txt ("lat lon" per line, all inside Kazakhstan).
local points = {}
for line in io.lines(os.getenv("SAYLAU_POINTS") or "points.txt") do
  local lat, lon = line:match("([^ ]+) ([^ ]+)")
  points[#points + 1] = "/api/v1/lookup?lat=" .. lat .. "&lon=" .. lon
end
local i = 0
request = function()
  i = i % #points + 1
  return wrk.format("GET", points[i])
end
