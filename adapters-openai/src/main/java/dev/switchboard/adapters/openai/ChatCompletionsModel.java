package dev.switchboard.adapters.openai;

import dev.switchboard.adapters.openai.internal.ApiResult;
import dev.switchboard.adapters.openai.internal.ChatMapper;
import dev.switchboard.adapters.openai.internal.ChatWire.Completion;
import dev.switchboard.adapters.openai.internal.ExceptionMapper;
import dev.switchboard.adapters.openai.internal.Inputs;
import dev.switchboard.adapters.openai.internal.LeadExtraction;
import dev.switchboard.adapters.openai.internal.OpenAiHttp;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.support.InvalidInputException;

/**
 * The agent on {@code /chat/completions}, for OpenAI-compatible servers (Ollama, vLLM, LM Studio…).
 *
 * <p>Stateless: every turn resends the agent's instructions as the system message, the earlier
 * messages that fit {@link OpenAiConfig#historyTokenBudget()} (oldest dropped first), and the burst.
 * Dashboard prompts do not exist here; an agent that only has a prompt id gets no system message.
 * Errors and retries are those of the Responses model. Thread-safe.
 */
public final class ChatCompletionsModel implements OpenAiModel {
    private final OpenAiConfig config;
    private final OpenAiHttp http;

    public ChatCompletionsModel(OpenAiConfig config) {
        this(config, Sleeper.REAL);
    }

    public ChatCompletionsModel(OpenAiConfig config, Sleeper sleeper) {
        if (config == null) throw new InvalidInputException("config", "is required");
        if (sleeper == null) throw new InvalidInputException("sleeper", "is required");
        this.config = config;
        this.http = new OpenAiHttp(config, sleeper);
    }

    @Override
    public boolean needsHistory() {
        return true;
    }

    @Override
    public ModelReply reply(TurnRequest turn) {
        Inputs.check(turn);
        ApiResult<Completion> result = http.post("/chat/completions",
                ChatMapper.turn(turn, config.defaultModel(), config.historyTokenBudget(), config.charsPerToken()), Completion.class,
                turn.deadline());
        ChatMapper.Reading reading = ChatMapper.read(result.body(), result.requestId());
        if (reading.text().isBlank() && reading.actions().isEmpty()) {
            throw reading.refusal() != null
                    ? ExceptionMapper.noReply("refusal", reading.refusal(), result.requestId())
                    : ExceptionMapper.noReply("empty_output", "finish_reason " + reading.finishReason(), result.requestId());
        }
        return new ModelReply(reading.text(), reading.usage(), turn.conversation().modelConversationId(), reading.actions(),
                result.requestId());
    }

    @Override
    public LeadData extract(ExtractionRequest request) {
        Inputs.check(request);
        ApiResult<Completion> result = http.post("/chat/completions",
                ChatMapper.extraction(request, config.defaultModel()), Completion.class);
        ChatMapper.Reading reading = ChatMapper.read(result.body(), result.requestId());
        if (reading.text().isBlank() && reading.refusal() != null) {
            throw ExceptionMapper.noReply("refusal", reading.refusal(), result.requestId());
        }
        return LeadExtraction.parse(reading.text(), reading.usage(), result.requestId());
    }
}
