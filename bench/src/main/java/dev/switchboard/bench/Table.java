package dev.switchboard.bench;

import java.util.List;
import java.util.Locale;

/** The one table the bench prints: ratios to the reference app (same load, same run) first. */
final class Table {
    private Table() {}

    static String render(List<Row> rows, Bench.Settings s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Switchboard bench: %s s per load, warm-up %s s then until the JIT settles (at most %s s), %d cores, worker at nice %d, %s%n",
                s.length().toMillis() / 1000.0, s.warmUp().toMillis() / 1000.0, s.warmUpMax().toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(),
                Integer.getInteger("bench.workerNice", 10), java.time.Instant.now()));
        String header = String.format(Locale.ROOT, "| %-42s | %-12s | %7s | %9s | %8s | %7s | %8s | %7s | %8s | %8s | %9s | %9s | %7s | %11s | %9s | %6s | %8s | %7s | %10s |",
                "target", "load", "÷ref", "turns÷ref", "sent", "non-200", "webhk/s", "p50 ms", "p99 ms", "max ms", "turns/s",
                "commit/wh", "rows/wh", "commit/turn", "rows/turn", "RSS MB", "app CPU", "pg CPU", "driver CPU");
        out.append(header).append('\n').append(header.replaceAll("[^|]", "-")).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %-42s | %-12s | %7s | %9s | %8d | %7d | %8.0f | %7.1f | %8.1f | %8.1f | %9s | %9s | %7s | %11s | %9s | %6d | %8s | %7s | %10s |",
                    r.target(), r.load(), ratio(r.perSecond(), referenceFor(rows, r.load())), ratio(r.turnsPerSecond(), referenceFor(rows, "closed " + s.maxConnections())),
                    r.sent(), r.sent() - r.ok(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), num(r.turnsPerSecond(), 0),
                    num(r.commitsPerWebhook(), 2), num(r.rowsPerWebhook(), 2), num(r.commitsPerTurn(), 2), num(r.rowsPerTurn(), 2), r.rssMb(),
                    num(r.appCpuMs(), 3), num(r.pgCpuMs(), 3), num(r.driverCpuMs(), 3))).append('\n');
        }
        out.append("÷ref: webhooks/s over the reference app's at the same load; turns÷ref: turns/s over the reference's webhooks/s at ")
                .append(s.maxConnections()).append(" connections.\n")
                .append("commit/turn and rows/turn count everything the database did during the run (the webhooks' ingest included) per turn answered.\n")
                .append("app CPU and pg CPU: CPU milliseconds spent during the load by the measured JVMs (server; server + worker end to end)\n")
                .append("and by all PostgreSQL processes, per webhook answered (ingest rows) or per turn (end-to-end rows); driver CPU: the bench\n")
                .append("process itself (load generator, fake OpenAI and Meta), which shares the machine's cores with what it measures.\n");
        return out.toString();
    }

    private static double referenceFor(List<Row> rows, String load) {
        return rows.stream().filter(Row::reference).filter(r -> r.load().equals(load)).mapToDouble(Row::perSecond).findFirst().orElse(Double.NaN);
    }

    private static String ratio(double value, double reference) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference == 0) return "";
        return String.format(Locale.ROOT, "%.2f×", value / reference);
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
