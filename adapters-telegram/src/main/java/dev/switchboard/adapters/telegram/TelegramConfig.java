package dev.switchboard.adapters.telegram;

import dev.switchboard.core.support.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * How {@link TelegramChannel} reaches the Bot API. Calls go to {@code {apiBaseUrl}/bot{token}/{method}}
 * and file downloads to {@code {apiBaseUrl}/file/bot{token}/{file_path}}.
 *
 * @param apiBaseUrl    {@code TELEGRAM_API_BASE_URL}: api.telegram.org or a self-hosted Bot API server
 * @param maxMediaBytes the largest file {@link TelegramClient#download} accepts
 * @param httpClient    the client used for every call; share one per process
 * @param clock         the time given to updates whose {@code date} is missing
 */
public record TelegramConfig(HttpUrl apiBaseUrl, long maxMediaBytes, OkHttpClient httpClient, Clock clock) {

    public static final String DEFAULT_API_BASE_URL = "https://api.telegram.org";
    /** The Bot API's own download limit is 20 MB; a self-hosted server may allow more. */
    public static final long DEFAULT_MAX_MEDIA_BYTES = 20L * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Idle connections a created client keeps for reuse (OkHttp's default, 5, reopened one per call past the fifth). */
    public static final int IDLE_CONNECTIONS = 64;

    public TelegramConfig {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        if (maxMediaBytes <= 0) throw new IllegalArgumentException("maxMediaBytes must be positive");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: api.telegram.org, 20 MB media, a 30 s call timeout, a 10 s connect timeout, the system clock. */
    public static final class Builder {
        private String apiBaseUrl = DEFAULT_API_BASE_URL;
        private long maxMediaBytes = DEFAULT_MAX_MEDIA_BYTES;
        private OkHttpClient httpClient;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder apiBaseUrl(String apiBaseUrl) {
            this.apiBaseUrl = apiBaseUrl;
            return this;
        }

        public Builder maxMediaBytes(long maxMediaBytes) {
            this.maxMediaBytes = maxMediaBytes;
            return this;
        }

        /** Use this client as is; {@link #timeout} and {@link #connectTimeout} then do not apply. */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws InvalidInputException when the base URL is not an http(s) URL or the media cap is not positive */
        public TelegramConfig build() {
            String raw = apiBaseUrl == null ? null : apiBaseUrl.strip().replaceAll("/+$", "");
            HttpUrl base = raw == null ? null : HttpUrl.parse(raw);
            if (base == null) {
                throw new InvalidInputException("TELEGRAM_API_BASE_URL",
                        "must be an http(s) URL such as " + DEFAULT_API_BASE_URL + ", got '" + apiBaseUrl + "'");
            }
            if (maxMediaBytes <= 0) throw new InvalidInputException("maxMediaBytes", "must be positive, got " + maxMediaBytes);
            OkHttpClient client = httpClient != null
                    ? httpClient
                    : new OkHttpClient.Builder().connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                        .connectTimeout(connectTimeout).callTimeout(timeout).build();
            return new TelegramConfig(base, maxMediaBytes, client, clock);
        }
    }
}
