-- Shared by every queue script (prepended to each). Key layout under the queue prefix P:
--   P..'s:'..i        stream of partition i (0..N-1), consumer group 'workers'
--   P..'sched'        sorted set: encoded task -> due time in epoch ms
--   P..'lease:'..key  the token of the lease running a task of this key (PX lease time)
--   P..'after:'..key  set of encoded tasks that arrived while the key was leased
--   P..'wait:'..task  id of the stream entry where this task waits (coalescing)
-- ARGV[1] is P, ARGV[2] is N; the rest belongs to each script.
local P = ARGV[1]
local N = tonumber(ARGV[2])
local G = 'workers'
local WAIT_TTL_MS = 86400000

local function enc(kind, key)
  return #kind .. ':' .. kind .. key
end

local function dec(m)
  local n, rest = string.match(m, '^(%d+):(.*)$')
  n = tonumber(n)
  return string.sub(rest, 1, n), string.sub(rest, n + 1)
end

local function partition(key)
  return tonumber(string.sub(redis.sha1hex(key), 1, 8), 16) % N
end

local function fields(f)
  local kind, key
  for i = 1, #f, 2 do
    if f[i] == 'k' then kind = f[i + 1] elseif f[i] == 'c' then key = f[i + 1] end
  end
  return kind, key
end

-- Puts a task where it will run: behind the lease that holds its key, onto an entry where the same
-- task already waits, or as a new entry of its key's partition.
local function enqueue(kind, key)
  local k = enc(kind, key)
  if redis.call('EXISTS', P .. 'lease:' .. key) == 1 then
    redis.call('SADD', P .. 'after:' .. key, k)
    return 0
  end
  local s = P .. 's:' .. partition(key)
  local wk = P .. 'wait:' .. k
  local w = redis.call('GET', wk)
  if w and #redis.call('XRANGE', s, w, w) > 0 then return 0 end
  if redis.call('EXISTS', s) == 0 then redis.call('XGROUP', 'CREATE', s, G, '0', 'MKSTREAM') end
  local id = redis.call('XADD', s, '*', 'k', kind, 'c', key)
  redis.call('SET', wk, id, 'PX', WAIT_TTL_MS)
  return 1
end

-- The key's lease is over: what arrived meanwhile runs now.
local function drain(key)
  local ak = P .. 'after:' .. key
  local members = redis.call('SMEMBERS', ak)
  redis.call('DEL', ak)
  for _, m in ipairs(members) do enqueue(dec(m)) end
end

local function forget_entry(s, id, kind, key)
  redis.call('XACK', s, G, id)
  redis.call('XDEL', s, id)
  if kind and key then
    local wk = P .. 'wait:' .. enc(kind, key)
    if redis.call('GET', wk) == id then redis.call('DEL', wk) end
  end
end

-- Leases entry id of partition idx; if another lease holds its key, moves the task behind that lease.
local function acquire(idx, id, kind, key, lease_ms, nonce)
  local s = P .. 's:' .. idx
  if not kind or not key then
    forget_entry(s, id, nil, nil)
    return false
  end
  local lk = P .. 'lease:' .. key
  if redis.call('EXISTS', lk) == 1 then
    forget_entry(s, id, kind, key)
    redis.call('SADD', P .. 'after:' .. key, enc(kind, key))
    return false
  end
  local wk = P .. 'wait:' .. enc(kind, key)
  if redis.call('GET', wk) == id then redis.call('DEL', wk) end
  local token = idx .. '/' .. id .. '/' .. nonce
  redis.call('SET', lk, token, 'PX', lease_ms)
  -- this run reads its input after now, so it covers the same task if it was waiting behind a lost lease
  redis.call('SREM', P .. 'after:' .. key, enc(kind, key))
  return token
end
