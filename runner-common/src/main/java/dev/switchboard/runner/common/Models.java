package dev.switchboard.runner.common;

import dev.switchboard.adapters.openai.ApiMode;
import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.adapters.openai.OpenAiModel;
import dev.switchboard.adapters.openai.OpenAiModels;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.model.ModelRouter;
import dev.switchboard.core.model.OfflineModel;
import dev.switchboard.core.support.ConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The model a runner answers with: OpenAI (or a compatible server) when OPENAI_API_KEY or
 * OPENAI_BASE_URL is set, the offline model otherwise.
 */
public final class Models {
    /** TURN_TIMEOUT's default: how long a customer may wait for an answer before the fallback reply. */
    public static final Duration DEFAULT_TURN_TIMEOUT = Duration.ofSeconds(25);

    private Models() {}

    /**
     * Reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_TIMEOUT (ms), OPENAI_MAX_RETRIES, OPENAI_MODEL,
     * OPENAI_API ({@code responses} or {@code chat_completions}; OPENAI_API_MODE, the adapter's own
     * name, is accepted too, and OPENAI_API wins when both are set), OPENAI_ORG_ID and OPENAI_PROJECT_ID.
     * Every value is checked even when OpenAI is not configured, so a typo shows before it matters.
     *
     * @return null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the offline model answers
     */
    public static OpenAiConfig openAiFromEnv(Env env) {
        String apiKey = env.string("OPENAI_API_KEY", null);
        String baseUrl = env.url("OPENAI_BASE_URL", null);
        Duration timeout = Duration.ofMillis(env.integer("OPENAI_TIMEOUT", 30_000, 100, 600_000));
        int maxRetries = (int) env.integer("OPENAI_MAX_RETRIES", 3, 0, 10);
        String model = env.string("OPENAI_MODEL", OpenAiConfig.DEFAULT_MODEL);
        ApiMode mode = apiMode(env);
        String organization = env.string("OPENAI_ORG_ID", null);
        String project = env.string("OPENAI_PROJECT_ID", null);
        if (apiKey == null && baseUrl == null) return null;
        return env.optional(() -> OpenAiConfig.builder()
                .baseUrl(baseUrl != null ? baseUrl : OpenAiConfig.DEFAULT_BASE_URL)
                .apiKey(Secret.of(apiKey))
                .timeout(timeout)
                .maxRetries(maxRetries)
                .defaultModel(model)
                .apiMode(mode)
                .organization(organization)
                .project(project)
                .build());
    }

    private static ApiMode apiMode(Env env) {
        String name = env.string("OPENAI_API", null) != null ? "OPENAI_API" : "OPENAI_API_MODE";
        String value = env.string(name, null);
        if (value == null) return ApiMode.RESPONSES;
        try {
            return ApiMode.parse(value);
        } catch (ConfigurationException e) {
            env.problem(name + " must be responses or chat_completions, was '" + value + "'");
            return ApiMode.RESPONSES;
        }
    }

    /**
     * TURN_TIMEOUT (ms, default 25000): how long one turn waits for the model, all attempts and retries
     * together; each attempt waits at most min(OPENAI_TIMEOUT, the time left). Past it the agent's fallback
     * reply goes out and the turn is not charged.
     */
    public static Duration turnTimeout(Env env) {
        return Duration.ofMillis(env.integer("TURN_TIMEOUT", DEFAULT_TURN_TIMEOUT.toMillis(), 100, 600_000));
    }

    /** Sets the engine's model and lead extractor: OpenAI per agent api mode, or the offline model (no extraction). */
    public static void configure(Switchboard.Config engine, OpenAiConfig openAi) {
        if (openAi == null) {
            engine.model(new OfflineModel("set OPENAI_API_KEY or OPENAI_BASE_URL"));
            return;
        }
        ModelRouter model = openAiRouter(openAi);
        engine.model(model).extractor(model);
    }

    /** One model per API mode, so each agent may pick its own with its {@code api} setting; {@code base}'s mode is the default. */
    public static ModelRouter openAiRouter(OpenAiConfig base) {
        Map<String, OpenAiModel> byApi = new HashMap<>();
        for (ApiMode mode : ApiMode.values()) byApi.put(mode.wire(), OpenAiModels.create(withMode(base, mode)));
        return new ModelRouter(byApi, byApi.get(base.apiMode().wire()));
    }

    /** The same OpenAI settings with another api mode. */
    static OpenAiConfig withMode(OpenAiConfig c, ApiMode mode) {
        return new OpenAiConfig(c.baseUrl(), c.apiKey(), c.timeout(), c.maxRetries(), c.defaultModel(), mode, c.organization(),
                c.project(), c.historyTokenBudget(), c.charsPerToken());
    }
}
