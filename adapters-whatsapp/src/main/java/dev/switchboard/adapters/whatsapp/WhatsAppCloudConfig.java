package dev.switchboard.adapters.whatsapp;

import dev.switchboard.adapters.meta.GraphConfigBuilder;
import dev.switchboard.core.channel.SendPacing;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * How {@link WhatsAppCloudChannel} reaches Meta and checks Meta's webhooks.
 *
 * @param apiBaseUrl  Graph API base including the pinned version ({@code WHATSAPP_API_BASE_URL})
 * @param appSecret   the Meta app secret that signs webhooks ({@code WEBHOOK_SECRET}); without it
 *                    every webhook is rejected
 * @param verifyToken the token typed into the App Dashboard ({@code WEBHOOK_VERIFY_TOKEN}); without
 *                    it every subscription handshake is refused
 * @param httpClient  the client used for sends; share one per process
 * @param clock       the time given to events whose provider timestamp is missing or unreadable
 * @param pacing      send limits the engine paces to: Meta's 80 msg/s per business number and one
 *                    message per 6 s to the same customer (the pair rate limit, error 131056)
 */
public record WhatsAppCloudConfig(
        HttpUrl apiBaseUrl, Secret appSecret, Secret verifyToken, OkHttpClient httpClient, Clock clock, SendPacing pacing) {

    public static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com/v23.0";
    public static final Duration DEFAULT_TIMEOUT = GraphConfigBuilder.DEFAULT_TIMEOUT;
    public static final double DEFAULT_MESSAGES_PER_SECOND = 80;
    public static final Duration DEFAULT_PAIR_INTERVAL = Duration.ofSeconds(6);

    public WhatsAppCloudConfig {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pacing, "pacing");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: Meta's v23.0 endpoint, a 30 s call timeout, a 10 s connect timeout, the system clock. */
    public static final class Builder extends GraphConfigBuilder<Builder> {
        private SendPacing pacing = SendPacing.perSecond(DEFAULT_MESSAGES_PER_SECOND, DEFAULT_PAIR_INTERVAL);

        private Builder() {
            super(DEFAULT_API_BASE_URL, "WHATSAPP_API_BASE_URL");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Outbound limits: messages per second per business number (Meta's default 80; 1,000 after an
         * upgrade; 20 for coexistence numbers) and the minimum interval between two messages to one customer.
         */
        public Builder pacing(double messagesPerSecond, Duration perRecipient) {
            this.pacing = SendPacing.perSecond(messagesPerSecond, Objects.requireNonNull(perRecipient, "perRecipient"));
            return this;
        }

        /** @throws ConfigurationException when the base URL is not an http(s) URL */
        public WhatsAppCloudConfig build() {
            return new WhatsAppCloudConfig(builtBaseUrl(), builtAppSecret(), builtVerifyToken(), builtHttpClient(),
                    builtClock(), pacing);
        }
    }
}
