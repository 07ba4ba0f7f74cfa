package dev.switchboard.runner.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events reader like a browser's {@code fetch} + stream reader: it streams the body
 * line by line on a thread of its own and collects each frame with the time it arrived.
 */
final class SseClient implements AutoCloseable {
    /** One frame: an event ({@code id}, {@code event}, {@code data}) or a comment ({@code comment}). */
    record Frame(String id, String event, String data, String comment, long receivedNanos) {}

    final int status;
    final String contentType;
    private final InputStream body;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Frame> seen = new ArrayList<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.body = response.body();
        if (status == 200) Thread.ofVirtual().start(this::read);
    }

    static SseClient open(String url, String keyHeader, String key, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (key != null) b.header(keyHeader, key);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        try {
            return new SseClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null, event = null, comment = null;
            StringBuilder data = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (event != null || data != null || comment != null) {
                        frames.add(new Frame(id, event, data == null ? null : data.toString(), comment, System.nanoTime()));
                    }
                    id = event = comment = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                }
            }
        } catch (IOException closed) {
            // closed by the test or the server
        }
    }

    /** The next frame matching {@code which} (earlier frames are kept in {@link #seen}); fails after {@code within}. */
    Frame next(Predicate<Frame> which, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Frame f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) throw new AssertionError("no " + what + " within " + within + "; frames so far: " + seen);
                seen.add(f);
                if (which.test(f)) return f;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Frame nextEvent(String type, Predicate<Frame> which, Duration within) {
        return next(f -> type.equals(f.event()) && which.test(f), within, type);
    }

    /** Every event frame received so far (drains what has arrived). */
    List<Frame> events() {
        frames.drainTo(seen);
        return seen.stream().filter(f -> f.event() != null).toList();
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
