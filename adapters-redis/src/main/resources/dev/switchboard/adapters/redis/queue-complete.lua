-- Ends a lease. ARGV[3] token, ARGV[4] kind, ARGV[5] key, ARGV[6] '' (done), 'now' (again at once)
-- or the epoch ms at which to run the task again. Returns 1 if the lease was still this holder's.
local token, kind, key, again = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local idx, id = string.match(token, '^(%d+)/([^/]+)/')
forget_entry(P .. 's:' .. idx, id, kind, key)
local lk = P .. 'lease:' .. key
local current = redis.call('GET', lk)
local mine = current == token
-- When the lease expired and the key was leased again, that holder drains what waited.
if mine or not current then
  if mine then redis.call('DEL', lk) end
  drain(key)
end
if again == 'now' then
  enqueue(kind, key)
elseif again ~= '' then
  redis.call('ZADD', P .. 'sched', 'LT', again, enc(kind, key))
end
if mine then return 1 end
return 0
