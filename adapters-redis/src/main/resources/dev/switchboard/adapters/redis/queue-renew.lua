-- Renews the leases this consumer still runs. ARGV[3] consumer, ARGV[4] lease ms, then token and key
-- pairs. Each lease that is still the holder's gets its expiry back and its entry's idle time reset
-- (XCLAIM to itself), so XAUTOCLAIM leaves it alone. Returns the tokens of leases that were lost.
local C, lease_ms = ARGV[3], ARGV[4]
local lost = {}
for i = 5, #ARGV - 1, 2 do
  local token, key = ARGV[i], ARGV[i + 1]
  local lk = P .. 'lease:' .. key
  if redis.call('GET', lk) == token then
    redis.call('PEXPIRE', lk, lease_ms)
    local idx, id = string.match(token, '^(%d+)/([^/]+)/')
    redis.call('XCLAIM', P .. 's:' .. idx, G, C, 0, id, 'JUSTID')
  else
    table.insert(lost, token)
  end
end
return lost
