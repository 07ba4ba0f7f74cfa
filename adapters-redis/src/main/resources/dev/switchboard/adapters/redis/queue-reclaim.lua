-- Hands out again the entries of leases that expired (their worker died or overran the lease time):
-- XAUTOCLAIM finds entries idle for the lease time; each goes back to the end of its stream, and what
-- waited behind its lease runs too. ARGV[3] consumer, ARGV[4] lease ms, ARGV[5] most entries per partition.
-- Also forgets consumers (worker processes long gone) with nothing pending.
-- Returns how many were handed out again.
local C, min_idle, count = ARGV[3], ARGV[4], ARGV[5]
local GONE_MS = 86400000
local moved = 0
for idx = 0, N - 1 do
  local s = P .. 's:' .. idx
  if redis.call('EXISTS', s) == 1 then
    local r = redis.call('XAUTOCLAIM', s, G, C, min_idle, '0-0', 'COUNT', count)
    for _, e in ipairs(r[2]) do
      if e and e[2] then
        local id = e[1]
        local kind, key = fields(e[2])
        local current = kind and key and redis.call('GET', P .. 'lease:' .. key)
        -- a lease taken a moment after its entry was read may still run: leave it for the next round
        if not (current and string.find(current, '/' .. id .. '/', 1, true)) then
          forget_entry(s, id, kind, key)
          if kind and key then
            if not current then drain(key) end
            enqueue(kind, key)
          end
          moved = moved + 1
        end
      end
    end
    for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', s, G)) do
      local name, pending, idle
      for j = 1, #c, 2 do
        if c[j] == 'name' then name = c[j + 1] elseif c[j] == 'pending' then pending = c[j + 1] elseif c[j] == 'idle' then idle = c[j + 1] end
      end
      if name ~= C and pending == 0 and idle and idle > GONE_MS then redis.call('XGROUP', 'DELCONSUMER', s, G, name) end
    end
  end
end
return moved
