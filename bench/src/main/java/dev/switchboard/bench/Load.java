package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load generator: POSTs signed deliveries and records each answer's latency in an HdrHistogram
 * (microseconds). Closed loop: {@code connections} senders, each sending its next delivery when the
 * previous one is answered. Open loop: one delivery every {@code 1/rate} s whatever the answers do,
 * latency counted from the intended send time, so a stalled server is not hidden by the generator
 * waiting for it (coordinated omission).
 */
final class Load {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(10)).build();

    /** What one run measured. */
    record Result(long sent, long ok, double seconds, Histogram latencyMicros) {
        double perSecond() { return seconds == 0 ? 0 : ok / seconds; }

        double ms(double percentile) { return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0; }

        double maxMs() { return latencyMicros.getMaxValue() / 1000.0; }
    }

    Result closed(String url, Webhooks webhooks, int connections, Duration length) throws Exception {
        ConcurrentHistogram h = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong sent = new AtomicLong(), ok = new AtomicLong();
        long start = System.nanoTime(), end = start + length.toNanos();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                all.add(senders.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        send(url, webhooks.next(), sent, ok);
                        h.recordValue(Math.min(h.getHighestTrackableValue(), (System.nanoTime() - t0) / 1_000));
                    }
                    return null;
                }));
            }
            for (var f : all) f.get();
        }
        return new Result(sent.get(), ok.get(), (System.nanoTime() - start) / 1e9, h);
    }

    Result open(String url, Webhooks webhooks, int ratePerSecond, Duration length) throws Exception {
        ConcurrentHistogram h = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong sent = new AtomicLong(), ok = new AtomicLong();
        long count = Math.max(1, length.toSeconds() * ratePerSecond + length.toMillisPart() * ratePerSecond / 1000);
        long period = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < count; i++) {
                long intended = start + i * period;
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                Webhooks.Signed delivery = webhooks.next();
                senders.submit(() -> {
                    send(url, delivery, sent, ok);
                    h.recordValue(Math.min(h.getHighestTrackableValue(), (System.nanoTime() - intended) / 1_000));
                });
            }
        }
        return new Result(sent.get(), ok.get(), (System.nanoTime() - start) / 1e9, h);
    }

    private void send(String url, Webhooks.Signed delivery, AtomicLong sent, AtomicLong ok) {
        sent.incrementAndGet();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("X-Hub-Signature-256", delivery.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body())).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) ok.incrementAndGet();
        } catch (java.io.IOException e) {
            // counted as not answered 200
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
