package dev.switchboard.bench;

/**
 * One line of the table. Per-webhook database figures divide by the webhooks answered 200; per-turn
 * figures (end-to-end rows only) divide everything the database did during the run, the webhooks'
 * ingest included, by the turns answered. {@code NaN} where a figure does not apply.
 */
record Row(String target, String load, long sent, long ok, double perSecond, double p50Ms, double p99Ms, double maxMs,
           double commitsPerWebhook, double rowsPerWebhook, long turns, double turnsPerSecond,
           double commitsPerTurn, double rowsPerTurn, long rssMb, double appCpuMs, double pgCpuMs, double driverCpuMs) {

    /**
     * @param cpu CPU used during the load by the measured JVMs and by PostgreSQL; shown per webhook answered
     *            (ingest rows) or per turn (end-to-end rows)
     */
    static Row of(String target, String load, Load.Result r, Pg.Counters db, long turns, double turnsPerSecond, long rssMb, Cpu.Reading cpu) {
        double per = turns > 0 ? turns : Math.max(1, r.ok());
        double perWebhookCommits = db == null || r.ok() == 0 ? Double.NaN : (double) db.commits() / r.ok();
        double perWebhookRows = db == null || r.ok() == 0 ? Double.NaN : (double) db.rowsWritten() / r.ok();
        double perTurnCommits = db == null || turns == 0 ? Double.NaN : (double) db.commits() / turns;
        double perTurnRows = db == null || turns == 0 ? Double.NaN : (double) db.rowsWritten() / turns;
        return new Row(target, load, r.sent(), r.ok(), r.perSecond(), r.ms(50), r.ms(99), r.maxMs(),
                turns == 0 ? perWebhookCommits : Double.NaN, turns == 0 ? perWebhookRows : Double.NaN,
                turns, turns == 0 ? Double.NaN : turnsPerSecond, perTurnCommits, perTurnRows, rssMb,
                cpu == null ? Double.NaN : cpu.appMs() / per, cpu == null ? Double.NaN : cpu.pgMs() / per,
                cpu == null ? Double.NaN : cpu.driverMs() / per);
    }

    boolean reference() { return target.equals("reference"); }
}
