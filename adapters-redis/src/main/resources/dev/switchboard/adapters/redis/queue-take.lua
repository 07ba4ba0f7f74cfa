-- Reads entries partition by partition, starting at ARGV[4], until one can be leased.
-- ARGV[3] consumer, ARGV[4] first partition, ARGV[5] lease ms, ARGV[6] nonce, ARGV[7] most entries to look at
-- Returns {token, kind, key} or nil.
local C, start, lease_ms, nonce, budget = ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], tonumber(ARGV[7])
for i = 0, N - 1 do
  local idx = (start + i) % N
  local s = P .. 's:' .. idx
  if redis.call('EXISTS', s) == 1 then
    while budget > 0 do
      local r = redis.call('XREADGROUP', 'GROUP', G, C, 'COUNT', 1, 'STREAMS', s, '>')
      if not r then break end
      budget = budget - 1
      local e = r[1][2][1]
      local kind, key = fields(e[2])
      local token = acquire(idx, e[1], kind, key, lease_ms, nonce)
      if token then return {token, kind, key} end
    end
  end
  if budget <= 0 then break end
end
return false
