package dev.switchboard.adapters.whatsapp;

import dev.switchboard.adapters.meta.GraphConfigBuilder;
import dev.switchboard.adapters.whatsapp.internal.OutboundGuard;
import dev.switchboard.core.net.OutboundHostPolicy;
import dev.switchboard.core.support.ConfigurationException;
import dev.switchboard.core.support.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
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
 * @param hostPolicy       which servers an account's {@code server_url} may name: public hosts, the
 *                         default server's host and {@code EVOLUTION_ALLOWED_HOSTS}. The client is
 *                         held to it at call time and never follows redirects
 * @param globalApiKey     the Evolution server's global key ({@code EVOLUTION_API_KEY}), with which
 *                         {@code connect} creates an instance that does not exist yet, and which a
 *                         webhook may carry as its {@code apikey}; null for neither
 * @param publicBaseUrl    this server's public URL ({@code PUBLIC_BASE_URL}): {@code connect} points
 *                         the instance's webhook at {@code {publicBaseUrl}/webhooks/evolution}; null
 *                         to leave the webhook as the operator set it
 */
public record EvolutionConfig(HttpUrl defaultServerUrl, OkHttpClient httpClient, Clock clock, Duration jwtClockSkew,
                              OutboundHostPolicy hostPolicy, dev.switchboard.core.domain.Secret globalApiKey, String publicBaseUrl) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_JWT_CLOCK_SKEW = Duration.ofSeconds(60);

    public EvolutionConfig {
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(jwtClockSkew, "jwtClockSkew");
        if (jwtClockSkew.isNegative()) throw new ConfigurationException("jwtClockSkew", "must not be negative");
        Objects.requireNonNull(hostPolicy, "hostPolicy");
        httpClient = OutboundGuard.harden(httpClient, hostPolicy);
    }

    /**
     * The check an account's {@code server_url} must pass when it is written (registration, update):
     * an http(s) URL whose host is public, or is the default server's host (and port, when
     * {@code EVOLUTION_API_URL} names one), or is listed in {@code EVOLUTION_ALLOWED_HOSTS}.
     *
     * @throws InvalidInputException naming {@code server_url} when it is not
     */
    public void validateServerUrl(String serverUrl) {
        hostPolicy.checkUrl(serverUrl, EvolutionInstance.SERVER_URL);
        if (HttpUrl.parse(serverUrl.strip()) == null) throw new InvalidInputException(EvolutionInstance.SERVER_URL, "is not an http(s) URL");
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
        private String allowedHosts;
        private OutboundHostPolicy.Resolver resolver;
        private String globalApiKey;
        private String publicBaseUrl;

        private Builder() {}

        /** {@code EVOLUTION_API_KEY}: the Evolution server's global key; null or blank means none. */
        public Builder globalApiKey(String globalApiKey) {
            this.globalApiKey = globalApiKey;
            return this;
        }

        /** {@code PUBLIC_BASE_URL}: where Evolution reaches this server's webhooks; null or blank means not known. */
        public Builder publicBaseUrl(String publicBaseUrl) {
            this.publicBaseUrl = publicBaseUrl;
            return this;
        }

        /**
         * {@code EVOLUTION_ALLOWED_HOSTS}: comma-separated {@code host} or {@code host:port} entries an
         * account's {@code server_url} may name even though they are internal (a self-hosted Evolution
         * on a private network). The default server's host is always allowed.
         */
        public Builder allowedHosts(String commaSeparated) {
            this.allowedHosts = commaSeparated;
            return this;
        }

        /** How host names are resolved when checking them; the system resolver unless set (tests). */
        public Builder resolver(OutboundHostPolicy.Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

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

        /**
         * @throws ConfigurationException when the default server URL is set but not an http(s) URL, or
         *                               an allowed-hosts entry is not a host or host:port
         */
        public EvolutionConfig build() {
            HttpUrl server = null;
            OutboundHostPolicy policy;
            try {
                policy = OutboundHostPolicy.parse(allowedHosts, "EVOLUTION_ALLOWED_HOSTS");
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("EVOLUTION_ALLOWED_HOSTS", e.getMessage());
            }
            if (resolver != null) policy = policy.resolvingWith(resolver);
            if (defaultServerUrl != null && !defaultServerUrl.isBlank()) {
                server = HttpUrl.parse(defaultServerUrl.strip());
                if (server == null) {
                    throw new ConfigurationException("EVOLUTION_API_URL",
                            "must be an http(s) URL such as https://evo.example.com, got '" + defaultServerUrl + "'");
                }
                policy = policy.allowing(server.host(), explicitPort(defaultServerUrl.strip()));
            }
            OkHttpClient client = httpClient != null
                    ? httpClient
                    : new OkHttpClient.Builder().connectionPool(new ConnectionPool(GraphConfigBuilder.IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                        .connectTimeout(connectTimeout).callTimeout(timeout).build();
            String base = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.strip().replaceAll("/+$", "");
            if (base != null && HttpUrl.parse(base) == null) {
                throw new ConfigurationException("PUBLIC_BASE_URL", "must be an http(s) URL such as https://agent.example.com");
            }
            return new EvolutionConfig(server, client, clock, jwtClockSkew, policy,
                    globalApiKey == null || globalApiKey.isBlank() ? null : new dev.switchboard.core.domain.Secret(globalApiKey.strip()), base);
        }

        /** The port the URL names, or -1 (every port of the host) when it names none. */
        private static int explicitPort(String url) {
            try {
                return new URI(url).getPort();
            } catch (URISyntaxException e) {
                return -1;
            }
        }
    }
}
