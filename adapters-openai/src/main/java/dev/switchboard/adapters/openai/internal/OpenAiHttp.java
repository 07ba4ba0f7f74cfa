package dev.switchboard.adapters.openai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.adapters.openai.Sleeper;
import dev.switchboard.core.model.ModelException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to the OpenAI API with the configured per-attempt timeout, retrying transient failures
 * (see {@link ExceptionMapper}) with {@link Backoff} up to {@code maxRetries} times. Thread-safe.
 *
 * <p>Every failed attempt is logged with its {@code x-request-id}; request headers are never
 * logged, so the API key cannot leak.
 */
public final class OpenAiHttp {
    private static final Logger log = LoggerFactory.getLogger(OpenAiHttp.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Idle connections kept for reuse. OkHttp's default keeps 5: with more turns calling at once, every
     * connection past the fifth was closed when its call ended and a new one opened for the next call
     * (the bench saw thousands of sockets in TIME_WAIT after a 15 s run).
     */
    static final int IDLE_CONNECTIONS = 64;

    private final OpenAiConfig config;
    private final OkHttpClient client;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final Clock clock;

    public OpenAiHttp(OpenAiConfig config, Sleeper sleeper) {
        this(config, sleeper, new Backoff(), Clock.systemUTC());
    }

    OpenAiHttp(OpenAiConfig config, Sleeper sleeper, Backoff backoff, Clock clock) {
        this.config = config;
        this.sleeper = sleeper;
        this.backoff = backoff;
        this.clock = clock;
        long timeoutMs = config.timeout().toMillis();
        // callTimeout bounds the whole attempt; read/write timeouts must not be shorter, or a reply
        // that takes 15 s to generate (no bytes meanwhile) would fail on OkHttp's 10 s read default.
        this.client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .callTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .connectTimeout(Math.min(timeoutMs, MAX_CONNECT_TIMEOUT.toMillis()), TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .build();
    }

    /** Connections kept open for the next call (visible for tests). */
    int idleConnections() {
        return client.connectionPool().idleConnectionCount();
    }

    /**
     * @param path endpoint below the base URL, e.g. {@code /responses}
     * @throws ModelException when no 2xx answer came within the retry budget, or its body does not parse as {@code type}
     */
    public <T> ApiResult<T> post(String path, Object body, Class<T> type) {
        return post(path, body, type, null);
    }

    /**
     * As {@link #post(String, Object, Class)}, but every attempt and every wait between attempts ends by
     * {@code deadline}: an attempt waits at most min(the configured timeout, the time left), and no retry
     * starts that could not begin before it.
     *
     * @param deadline null for no deadline beyond the configured timeout and retries
     */
    public <T> ApiResult<T> post(String path, Object body, Class<T> type, Instant deadline) {
        Request request = request(path, body);
        for (int attempt = 0; ; attempt++) {
            ModelException failure;
            String retryAfterMs = null;
            String retryAfter = null;
            Call call = client.newCall(request);
            if (deadline != null) {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) throw deadlinePassed(path, attempt);
                call.timeout().timeout(Math.min(left, config.timeout().toMillis()), TimeUnit.MILLISECONDS);
            }
            try (Response response = call.execute()) {
                String requestId = response.header("x-request-id");
                ResponseBody responseBody = response.body();
                String text = responseBody == null ? "" : responseBody.string();
                if (response.isSuccessful()) return new ApiResult<>(parse(path, text, type, requestId), requestId);
                failure = ExceptionMapper.fromHttp(path, response.code(), text, requestId, response.header("x-should-retry"));
                retryAfterMs = response.header("retry-after-ms");
                retryAfter = response.header("retry-after");
            } catch (IOException e) {
                failure = ExceptionMapper.fromIo(path, e);
            }
            if (!failure.retryable() || attempt >= config.maxRetries()) {
                log.warn("OpenAI POST {} gave up after {} attempt(s): code={} retryable={} request_id={}: {}",
                        path, attempt + 1, failure.code(), failure.retryable(), failure.requestId(), failure.getMessage());
                throw failure;
            }
            Duration wait = backoff.delay(attempt + 1, retryAfterMs, retryAfter, clock.instant());
            if (deadline != null && !clock.instant().plus(wait).isBefore(deadline)) {
                log.warn("OpenAI POST {} gave up after {} attempt(s): the turn deadline comes before the next retry: code={} request_id={}",
                        path, attempt + 1, failure.code(), failure.requestId());
                throw failure;
            }
            log.warn("OpenAI POST {} attempt {} failed: code={} request_id={}; retrying in {} ms",
                    path, attempt + 1, failure.code(), failure.requestId(), wait.toMillis());
            sleep(wait, failure);
        }
    }

    private ModelException deadlinePassed(String path, int attempts) {
        log.warn("OpenAI POST {} gave up after {} attempt(s): the turn deadline passed", path, attempts);
        return ExceptionMapper.fromIo(path, new java.io.InterruptedIOException("the turn deadline passed"));
    }

    private Request request(String path, Object body) {
        byte[] json;
        try {
            json = OpenAiJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
        Request.Builder b = new Request.Builder()
                .url(config.baseUrl() + path)
                .header("Accept", "application/json")
                .post(RequestBody.create(json, JSON));
        if (config.apiKey() != null) b.header("Authorization", "Bearer " + config.apiKey().value());
        if (config.organization() != null) b.header("OpenAI-Organization", config.organization());
        if (config.project() != null) b.header("OpenAI-Project", config.project());
        return b.build();
    }

    private static <T> T parse(String path, String text, Class<T> type, String requestId) {
        try {
            T value = OpenAiJson.MAPPER.readValue(text, type);
            if (value == null) throw new IOException("empty body");
            return value;
        } catch (IOException e) {
            throw ExceptionMapper.invalidResponse(path, e, requestId);
        }
    }

    private void sleep(Duration wait, ModelException pending) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw pending;
        }
    }
}
