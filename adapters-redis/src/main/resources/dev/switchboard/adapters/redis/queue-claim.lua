-- An entry this consumer just read with a blocking XREADGROUP: lease it, or hand it back.
-- ARGV[3] partition, ARGV[4] entry id, ARGV[5] kind, ARGV[6] key, ARGV[7] lease ms, ARGV[8] nonce,
-- ARGV[9] 'lease' or 'return'. Returns the token or nil.
local idx, id, kind, key = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if ARGV[9] == 'lease' then
  return acquire(idx, id, kind, key, ARGV[7], ARGV[8])
end
forget_entry(P .. 's:' .. idx, id, kind, key)
enqueue(kind, key)
return false
