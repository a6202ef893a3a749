-- Creates a stream (a source's, at start) if the log does not have it (Seriesflow, RedisStreamLog.create).
-- KEYS: 1 meta hash, 2 registry set. ARGV: 1 stream name, 2 epoch for a new stream, 3 max streams
-- Returns {'ok', epoch, last, base} | {'err', 'stream-limit'}
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'last', 'base')
if meta[1] then return {'ok', meta[1], meta[2], meta[3]} end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 and redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return {'err', 'stream-limit'}
end
local clock = redis.call('TIME')
local now = string.format('%.0f', tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000))
redis.call('HSET', KEYS[1], 'epoch', ARGV[2], 'last', '0', 'lastTs', '-1', 'base', now)
redis.call('SADD', KEYS[2], ARGV[1])
return {'ok', ARGV[2], '0', now}
