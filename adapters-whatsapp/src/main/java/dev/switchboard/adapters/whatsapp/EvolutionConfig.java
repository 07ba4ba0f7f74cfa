package dev.switchboard.adapters.whatsapp;

import dev.switchboard.core.support.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * How {@link EvolutionChannel} and {@link EvolutionClient} reach Evolution API servers.
 *
 * @param defaultServerUrl the server used by accounts without a {@code server_url} setting
 *                         ({@code EVOLUTION_API_URL}); null when every account names its own
 * @param httpClient       the client used for every call; share one per process
 * @param clock            the time for JWT expiry checks and for events without a timestamp
 * @param jwtClockSkew     how far past its {@code exp} a webhook JWT is still accepted, for clocks
 *                         that disagree. Evolution signs one token per event and reuses it for every
 *                         retry, so a retry arriving more than ten minutes (plus this) after the first
 *                         attempt is refused
 */
public record EvolutionConfig(HttpUrl defaultServerUrl, OkHttpClient httpClient, Clock clock, Duration jwtClockSkew) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_JWT_CLOCK_SKEW = Duration.ofSeconds(60);

    public EvolutionConfig {
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(jwtClockSkew, "jwtClockSkew");
        if (jwtClockSkew.isNegative()) throw new InvalidInputException("jwtClockSkew", "must not be negative");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: no default server, 10 s to connect, 30 s per call, 60 s JWT clock skew, the system clock. */
    public static final class Builder {
        private String defaultServerUrl;
        private OkHttpClient httpClient;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration jwtClockSkew = DEFAULT_JWT_CLOCK_SKEW;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** {@code EVOLUTION_API_URL}; null or blank means none. */
        public Builder defaultServerUrl(String defaultServerUrl) {
            this.defaultServerUrl = defaultServerUrl;
            return this;
        }

        /** Use this client as is; {@link #connectTimeout} and {@link #timeout} then do not apply. */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * The whole-call timeout of the client this builder creates. Evolution holds some calls open
         * on purpose: {@code /instance/connect} waits about 2 s for a QR, {@code /instance/create}
         * about 5 s.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder jwtClockSkew(Duration jwtClockSkew) {
            this.jwtClockSkew = Objects.requireNonNull(jwtClockSkew, "jwtClockSkew");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws InvalidInputException when the default server URL is set but not an http(s) URL */
        public EvolutionConfig build() {
            HttpUrl server = null;
            if (defaultServerUrl != null && !defaultServerUrl.isBlank()) {
                server = HttpUrl.parse(defaultServerUrl.strip());
                if (server == null) {
                    throw new InvalidInputException("EVOLUTION_API_URL",
                            "must be an http(s) URL such as https://evo.example.com, got '" + defaultServerUrl + "'");
                }
            }
            OkHttpClient client = httpClient != null
                    ? httpClient
                    : new OkHttpClient.Builder().connectTimeout(connectTimeout).callTimeout(timeout).build();
            return new EvolutionConfig(server, client, clock, jwtClockSkew);
        }
    }
}
