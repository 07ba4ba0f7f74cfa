package dev.switchboard.adapters.meta;

import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The settings every Meta channel's config shares: the pinned Graph base URL, the app secret that
 * signs webhooks, the handshake's verify token, the HTTP client and the clock. A channel's builder
 * extends this with its own settings and builds its config record from the values read here.
 *
 * @param <B> the channel's builder, returned by every setter so calls chain
 */
public abstract class GraphConfigBuilder<B extends GraphConfigBuilder<B>> {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Idle connections a created client keeps for reuse. OkHttp's default keeps 5: with more sends at once,
     * every connection past the fifth was closed when its call ended and opened again (a TLS handshake) for
     * the next one.
     */
    public static final int IDLE_CONNECTIONS = 64;

    private final String defaultBaseUrl;
    private final String baseUrlVariable;
    private String apiBaseUrl;
    private Secret appSecret;
    private Secret verifyToken;
    private OkHttpClient httpClient;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    /**
     * @param defaultBaseUrl  the base URL used unless one is set, including the pinned version
     * @param baseUrlVariable the setting that holds the base URL, named when it is invalid
     */
    protected GraphConfigBuilder(String defaultBaseUrl, String baseUrlVariable) {
        this.defaultBaseUrl = defaultBaseUrl;
        this.baseUrlVariable = baseUrlVariable;
        this.apiBaseUrl = defaultBaseUrl;
    }

    protected abstract B self();

    public B apiBaseUrl(String apiBaseUrl) {
        this.apiBaseUrl = apiBaseUrl;
        return self();
    }

    /** A blank secret counts as none: every webhook is then rejected. */
    public B appSecret(String appSecret) {
        this.appSecret = blankToNull(appSecret);
        return self();
    }

    /** A blank token counts as none: every subscription handshake is then refused. */
    public B verifyToken(String verifyToken) {
        this.verifyToken = blankToNull(verifyToken);
        return self();
    }

    /** Use this client as is; {@link #timeout} and {@link #connectTimeout} then do not apply. */
    public B httpClient(OkHttpClient httpClient) {
        this.httpClient = httpClient;
        return self();
    }

    /** The whole-call timeout of the client this builder creates. */
    public B timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** The connect timeout of the client this builder creates. */
    public B connectTimeout(Duration connectTimeout) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        return self();
    }

    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** @throws ConfigurationException when the base URL is not an http(s) URL */
    protected HttpUrl builtBaseUrl() {
        HttpUrl base = apiBaseUrl == null ? null : HttpUrl.parse(apiBaseUrl.strip());
        if (base == null) {
            throw new ConfigurationException(baseUrlVariable,
                    "must be an http(s) URL such as " + defaultBaseUrl + ", got '" + apiBaseUrl + "'");
        }
        return base;
    }

    /** The client given, or a new one with the configured timeouts. */
    protected OkHttpClient builtHttpClient() {
        return httpClient != null
                ? httpClient
                : new OkHttpClient.Builder().connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                        .connectTimeout(connectTimeout).callTimeout(timeout).build();
    }

    protected Secret builtAppSecret() {
        return appSecret;
    }

    protected Secret builtVerifyToken() {
        return verifyToken;
    }

    protected Clock builtClock() {
        return clock;
    }

    private static Secret blankToNull(String value) {
        return value == null || value.isBlank() ? null : Secret.of(value);
    }
}
