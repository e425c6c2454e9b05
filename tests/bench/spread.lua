-- Requests a different path every time, in turn from the file named by WRK_PATHS (one path a
-- line), so no request repeats one before it and the page cache cannot answer: this measures
-- pages rendered from the database. Each wrk thread starts at its own point in the list.
-- A line "path<TAB>etag" sends that ETag in If-None-Match: a conditional GET.
local paths, etags = {}, {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  local path, etag = line:match("^([^\t]+)\t(.+)$")
  paths[#paths + 1] = path or line
  etags[#paths] = etag
end

local threads = 0
setup = function(thread)
  thread:set("offset", threads * math.floor(#paths / 2))
  threads = threads + 1
end

local counter = 0
request = function()
  counter = counter + 1
  local i = ((offset or 0) + counter) % #paths + 1
  if etags[i] then
    return wrk.format(nil, paths[i], { ["If-None-Match"] = etags[i] })
  end
  return wrk.format(nil, paths[i])
end

done = function(summary, latency, requests)
  io.write(string.format("PERCENTILES %d %d %d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
