-- Appends one batch of points to a stream's log, atomically (Seriesflow, io.seriesflow.redis.AppendScript).
-- KEYS: 1 meta hash, 2 log stream, 3 registry set, 4 idempotency key
-- ARGV: 1 stream name, 2 epoch for a new stream, 3 create on publish (1/0), 4 max streams, 5 max future ms,
--       6 history points, 7 history age ms, 8 idempotency window ms, 9 point count,
--       10 timestamp mode (explicit | now | mixed), 11 timestamps (int64 LE, -1 = now), 12 values (float64 LE),
--       13 set the display name (1/0), 14 display name, 15 set the unit (1/0), 16 unit
-- Returns {'ok', epoch, firstSeq, lastSeq} | {'dup', 'epoch first last'} | {'err', code, [index, ts, bound]}
local function seqid(seq) return string.format('%.0f-0', seq) end

local previous = redis.call('GET', KEYS[4])
if previous then return {'dup', previous} end

local meta = redis.call('HMGET', KEYS[1], 'epoch', 'last', 'lastTs', 'base')
local epoch, last, lastTs, base = meta[1], tonumber(meta[2] or '0'), tonumber(meta[3] or '-1'), meta[4]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local created = false
if not epoch then
  if ARGV[3] ~= '1' then return {'err', 'unknown-stream'} end
  if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 and redis.call('SCARD', KEYS[3]) >= tonumber(ARGV[4]) then
    return {'err', 'stream-limit'}
  end
  epoch, last, lastTs, base, created = ARGV[2], 0, -1, now, true
end

local n = tonumber(ARGV[9])
local mode = ARGV[10]
local stamps = ARGV[11]
local maxTs = now + tonumber(ARGV[5])
local newest
if mode == 'now' then
  newest = math.max(now, lastTs)
  stamps = string.rep(struct.pack('<i8', newest), n)
elseif mode == 'explicit' then
  local oldest = struct.unpack('<i8', stamps, 1)
  newest = struct.unpack('<i8', stamps, (n - 1) * 8 + 1)
  if oldest < lastTs then return {'err', 'order', '0', string.format('%.0f', oldest), string.format('%.0f', lastTs)} end
  if newest > maxTs then
    for i = 0, n - 1 do
      local ts = struct.unpack('<i8', stamps, i * 8 + 1)
      if ts > maxTs then return {'err', 'future', tostring(i), string.format('%.0f', ts), string.format('%.0f', now)} end
    end
  end
else
  local parts, prev = {}, lastTs
  for i = 0, n - 1 do
    local ts = struct.unpack('<i8', stamps, i * 8 + 1)
    if ts < 0 then
      ts = math.max(now, prev)
    elseif ts < prev then
      return {'err', 'order', tostring(i), string.format('%.0f', ts), string.format('%.0f', prev)}
    elseif ts > maxTs then
      return {'err', 'future', tostring(i), string.format('%.0f', ts), string.format('%.0f', now)}
    end
    parts[i + 1] = struct.pack('<i8', ts)
    prev = ts
  end
  stamps, newest = table.concat(parts), prev
end

local first, newLast = last + 1, last + n
redis.call('XADD', KEYS[2], seqid(first), 'e', epoch, 'n', n, 't', stamps, 'v', ARGV[12],
  'l', string.format('%.0f', newest))
redis.call('HSET', KEYS[1], 'epoch', epoch, 'last', string.format('%.0f', newLast),
  'lastTs', string.format('%.0f', newest), 'base', base)
if created then redis.call('SADD', KEYS[3], ARGV[1]) end
if ARGV[13] == '1' then redis.call('HSET', KEYS[1], 'name', ARGV[14]) end
if ARGV[15] == '1' then redis.call('HSET', KEYS[1], 'unit', ARGV[16]) end

-- Retain the newest history points: drop every entry that ends before the oldest of them.
local keep = newLast - tonumber(ARGV[6]) + 1
if keep > 1 then
  local around = redis.call('XREVRANGE', KEYS[2], seqid(keep), '-', 'COUNT', 1)
  if around[1] then redis.call('XTRIM', KEYS[2], 'MINID', around[1][1]) end
end
-- And none older than the age limit, judged by an entry's newest point: look at the oldest few each time.
local cutoff, oldest, keepFrom = now - tonumber(ARGV[7]), redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 8), nil
for _, entry in ipairs(oldest) do
  local fields, lt, count = entry[2], nil, nil
  for j = 1, #fields, 2 do
    if fields[j] == 'l' then lt = tonumber(fields[j + 1]) elseif fields[j] == 'n' then count = tonumber(fields[j + 1]) end
  end
  if lt and lt >= cutoff then keepFrom = entry[1] break end
  local seq = tonumber(string.match(entry[1], '^(%d+)'))
  keepFrom = seqid(seq + (count or 1))
end
if keepFrom then redis.call('XTRIM', KEYS[2], 'MINID', keepFrom) end

local outcome = epoch .. ' ' .. string.format('%.0f', first) .. ' ' .. string.format('%.0f', newLast)
redis.call('SET', KEYS[4], outcome, 'PX', ARGV[8])
return {'ok', epoch, string.format('%.0f', first), string.format('%.0f', newLast)}
