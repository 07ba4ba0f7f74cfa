package dev.switchboard.adapters.openai;

import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach an OpenAI (or OpenAI-compatible) server.
 *
 * @param baseUrl            API root including the version, like the SDKs: {@code https://api.openai.com/v1}
 * @param apiKey             bearer key; null for a compatible server that needs none
 * @param timeout            whole-call budget of one HTTP attempt (connect, send, wait, read)
 * @param maxRetries         retries after the first attempt for transient failures (429 rate limit, 408, 409, 5xx, I/O)
 * @param defaultModel       model used when the agent names none
 * @param apiMode            Responses + Conversations, or Chat Completions
 * @param organization       optional {@code OpenAI-Organization} header
 * @param project            optional {@code OpenAI-Project} header
 * @param historyTokenBudget Chat Completions only: estimated tokens of earlier messages resent per turn; oldest dropped first
 * @param charsPerToken      characters counted as one token when estimating the history size
 */
public record OpenAiConfig(
        String baseUrl,
        Secret apiKey,
        Duration timeout,
        int maxRetries,
        String defaultModel,
        ApiMode apiMode,
        String organization,
        String project,
        int historyTokenBudget,
        int charsPerToken) {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(30_000);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    public static final int DEFAULT_HISTORY_TOKEN_BUDGET = 4_000;
    public static final int DEFAULT_CHARS_PER_TOKEN = 4;

    public OpenAiConfig {
        if (baseUrl == null || baseUrl.isBlank()) throw new ConfigurationException("baseUrl", "is required");
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        requireHttpUrl(baseUrl);
        if (timeout == null || timeout.isZero() || timeout.isNegative())
            throw new ConfigurationException("timeout", "must be positive, got " + timeout);
        if (maxRetries < 0) throw new ConfigurationException("maxRetries", "must be 0 or more, got " + maxRetries);
        if (defaultModel == null || defaultModel.isBlank()) throw new ConfigurationException("defaultModel", "is required");
        if (apiMode == null) throw new ConfigurationException("apiMode", "is required");
        if (historyTokenBudget < 0)
            throw new ConfigurationException("historyTokenBudget", "must be 0 or more, got " + historyTokenBudget);
        if (charsPerToken < 1) throw new ConfigurationException("charsPerToken", "must be 1 or more, got " + charsPerToken);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code OPENAI_TIMEOUT} (ms),
     * {@code OPENAI_MAX_RETRIES}, {@code OPENAI_MODEL}, {@code OPENAI_API_MODE}, {@code OPENAI_ORG_ID},
     * {@code OPENAI_PROJECT_ID}; unset ones keep their defaults. A malformed value fails with
     * {@link ConfigurationException} naming the variable.
     */
    public static OpenAiConfig fromEnv(Map<String, String> env) {
        Builder b = builder();
        String v;
        if ((v = present(env, "OPENAI_API_KEY")) != null) b.apiKey(Secret.of(v));
        if ((v = present(env, "OPENAI_BASE_URL")) != null) b.baseUrl(v);
        if ((v = present(env, "OPENAI_TIMEOUT")) != null) b.timeout(Duration.ofMillis(positiveLong("OPENAI_TIMEOUT", v)));
        if ((v = present(env, "OPENAI_MAX_RETRIES")) != null) b.maxRetries((int) nonNegativeLong("OPENAI_MAX_RETRIES", v));
        if ((v = present(env, "OPENAI_MODEL")) != null) b.defaultModel(v);
        if ((v = present(env, "OPENAI_API_MODE")) != null) {
            try {
                b.apiMode(ApiMode.parse(v));
            } catch (ConfigurationException e) {
                throw new ConfigurationException("OPENAI_API_MODE", e.reason());
            }
        }
        if ((v = present(env, "OPENAI_ORG_ID")) != null) b.organization(v);
        if ((v = present(env, "OPENAI_PROJECT_ID")) != null) b.project(v);
        try {
            return b.build();
        } catch (ConfigurationException e) {
            throw "baseUrl".equals(e.setting()) ? new ConfigurationException("OPENAI_BASE_URL", e.reason()) : e;
        }
    }

    private static String present(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static long positiveLong(String name, String value) {
        long n = nonNegativeLong(name, value);
        if (n == 0) throw new ConfigurationException(name, "must be positive, got '" + value + "'");
        return n;
    }

    private static long nonNegativeLong(String name, String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0 || n > Integer.MAX_VALUE) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be a whole number from 0 to " + Integer.MAX_VALUE + ", got '" + value + "'");
        }
    }

    private static void requireHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))
                throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("baseUrl", "must be an http(s) URL such as " + DEFAULT_BASE_URL + ", got '" + url + "'");
        }
    }

    /** Defaults: OpenAI's public API, no key, 30 s, 3 retries, {@value #DEFAULT_MODEL}, Responses mode. */
    public static final class Builder {
        private String baseUrl = DEFAULT_BASE_URL;
        private Secret apiKey;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private String defaultModel = DEFAULT_MODEL;
        private ApiMode apiMode = ApiMode.RESPONSES;
        private String organization;
        private String project;
        private int historyTokenBudget = DEFAULT_HISTORY_TOKEN_BUDGET;
        private int charsPerToken = DEFAULT_CHARS_PER_TOKEN;

        private Builder() {}

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder defaultModel(String defaultModel) {
            this.defaultModel = defaultModel;
            return this;
        }

        public Builder apiMode(ApiMode apiMode) {
            this.apiMode = apiMode;
            return this;
        }

        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        public Builder project(String project) {
            this.project = project;
            return this;
        }

        public Builder historyTokenBudget(int historyTokenBudget) {
            this.historyTokenBudget = historyTokenBudget;
            return this;
        }

        public Builder charsPerToken(int charsPerToken) {
            this.charsPerToken = charsPerToken;
            return this;
        }

        public OpenAiConfig build() {
            return new OpenAiConfig(baseUrl, apiKey, timeout, maxRetries, defaultModel, apiMode, organization, project,
                    historyTokenBudget, charsPerToken);
        }
    }
}
