-- wrk script for bench/load: ranged reads of 64 KiB at random offsets of the recording.
-- Usage: wrk ... -s bench/range.lua URL -- <file size in bytes>
local size = 0
local chunk = 65536

function init(args)
  size = tonumber(args[1]) or 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
end

function request()
  local start = 0
  if size > chunk then
    start = math.random(0, size - chunk)
  end
  return wrk.format(nil, nil, { ["Range"] = "bytes=" .. start .. "-" .. (start + chunk - 1) })
end
