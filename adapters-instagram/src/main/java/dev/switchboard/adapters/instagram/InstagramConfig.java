package dev.switchboard.adapters.instagram;

import dev.switchboard.adapters.meta.GraphConfigBuilder;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * How {@link InstagramChannel} reaches Meta and checks Meta's webhooks (Instagram API with Instagram Login).
 *
 * @param apiBaseUrl  Graph base including the pinned version ({@code INSTAGRAM_API_BASE_URL})
 * @param appSecret   the secret that signs webhooks: the Instagram app secret
 *                    ({@code INSTAGRAM_APP_SECRET}) or, where the runner falls back to it, the Meta
 *                    app secret ({@code WEBHOOK_SECRET}); without it every webhook is rejected
 * @param verifyToken the token typed into the App Dashboard; without it every subscription
 *                    handshake is refused
 * @param appId       the {@code app_id} Meta writes on echoes of messages this app sent, or null.
 *                    When set, those echoes are ignored instead of being reported as sends from
 *                    outside: a long reply goes out as several messages but is stored under the
 *                    last one's id, so the earlier parts' echoes would look like a human's sends.
 * @param httpClient  the client used for sends; share one per process
 * @param clock       the time given to events whose provider timestamp is missing or unreadable
 */
public record InstagramConfig(
        HttpUrl apiBaseUrl, Secret appSecret, Secret verifyToken, String appId, OkHttpClient httpClient, Clock clock) {

    public static final String DEFAULT_API_BASE_URL = "https://graph.instagram.com/v23.0";
    public static final Duration DEFAULT_TIMEOUT = GraphConfigBuilder.DEFAULT_TIMEOUT;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = GraphConfigBuilder.DEFAULT_CONNECT_TIMEOUT;

    public InstagramConfig {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: graph.instagram.com v23.0, a 30 s call timeout, a 10 s connect timeout, the system clock. */
    public static final class Builder extends GraphConfigBuilder<Builder> {
        private String appId;

        private Builder() {
            super(DEFAULT_API_BASE_URL, "INSTAGRAM_API_BASE_URL");
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder appId(String appId) {
            this.appId = appId == null || appId.isBlank() ? null : appId.strip();
            return this;
        }

        /** @throws ConfigurationException when the base URL is not an http(s) URL */
        public InstagramConfig build() {
            return new InstagramConfig(builtBaseUrl(), builtAppSecret(), builtVerifyToken(), appId, builtHttpClient(), builtClock());
        }
    }
}
