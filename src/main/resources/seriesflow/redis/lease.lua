-- Renews (ARGV[2] > 0) or gives up (ARGV[2] = 0) a source lease if this node holds it (Seriesflow, RedisSourceLeases).
-- KEYS: 1 lease. ARGV: 1 node, 2 time to live in ms. Returns 1 when this node held it, 0 otherwise.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('DEL', KEYS[1]) end
return 1
