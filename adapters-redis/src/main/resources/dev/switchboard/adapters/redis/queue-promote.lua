-- Moves scheduled tasks that are due into their streams.
-- ARGV[3] now (epoch ms), ARGV[4] most tasks to move. Returns ms until the next scheduled task
-- (0 when more are due now, -1 when none is scheduled).
local now, limit = tonumber(ARGV[3]), tonumber(ARGV[4])
local zk = P .. 'sched'
local due = redis.call('ZRANGEBYSCORE', zk, '-inf', now, 'LIMIT', 0, limit)
for _, m in ipairs(due) do
  redis.call('ZREM', zk, m)
  enqueue(dec(m))
end
if #due >= limit then return 0 end
local nxt = redis.call('ZRANGE', zk, 0, 0, 'WITHSCORES')
if #nxt == 0 then return -1 end
return math.max(0, tonumber(nxt[2]) - now)
