package dev.switchboard.adapters.openai;

/** The adapter's entry point: the model for the configured {@link ApiMode}. */
public final class OpenAiModels {
    private OpenAiModels() {}

    public static OpenAiModel create(OpenAiConfig config) {
        return create(config, Sleeper.REAL);
    }

    /** As {@link #create(OpenAiConfig)}, waiting between retries through {@code sleeper}. */
    public static OpenAiModel create(OpenAiConfig config, Sleeper sleeper) {
        return switch (config.apiMode()) {
            case RESPONSES -> new OpenAiResponsesModel(config, sleeper);
            case CHAT_COMPLETIONS -> new ChatCompletionsModel(config, sleeper);
        };
    }
}
