-- ARGV[3] kind, ARGV[4] key
return enqueue(ARGV[3], ARGV[4])
