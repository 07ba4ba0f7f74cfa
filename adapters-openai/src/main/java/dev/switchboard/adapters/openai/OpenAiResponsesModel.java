package dev.switchboard.adapters.openai;

import dev.switchboard.adapters.openai.internal.ApiResult;
import dev.switchboard.adapters.openai.internal.ExceptionMapper;
import dev.switchboard.adapters.openai.internal.Inputs;
import dev.switchboard.adapters.openai.internal.LeadExtraction;
import dev.switchboard.adapters.openai.internal.OpenAiHttp;
import dev.switchboard.adapters.openai.internal.ResponsesMapper;
import dev.switchboard.adapters.openai.internal.ResponsesMapper.Reading;
import dev.switchboard.adapters.openai.internal.ResponsesWire.ConversationResource;
import dev.switchboard.adapters.openai.internal.ResponsesWire.Response;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.ModelException;
import dev.switchboard.core.model.ModelReply;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.support.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent on OpenAI's Responses API, with the conversation state kept by OpenAI's Conversations API.
 *
 * <p>The first turn of a conversation creates an OpenAI conversation ({@code conv_…}) and returns its
 * id in {@link ModelReply#modelConversationId()}; later turns pass it back and send only the new
 * burst. The agent answers with its dashboard prompt ({@code prompt.id}/{@code version}, turn
 * variables as prompt variables) or with its inline instructions and model.
 *
 * <p>When the model calls {@code escalate_conversation} or {@code resolve_conversation}, the adapter
 * reports the action and sends the call's output back at once, so the OpenAI conversation stays
 * usable and the model can word its last message. Thread-safe.
 */
public final class OpenAiResponsesModel implements OpenAiModel {
    private static final Logger log = LoggerFactory.getLogger(OpenAiResponsesModel.class);

    private final OpenAiConfig config;
    private final OpenAiHttp http;

    public OpenAiResponsesModel(OpenAiConfig config) {
        this(config, Sleeper.REAL);
    }

    public OpenAiResponsesModel(OpenAiConfig config, Sleeper sleeper) {
        if (config == null) throw new InvalidInputException("config", "is required");
        if (sleeper == null) throw new InvalidInputException("sleeper", "is required");
        this.config = config;
        this.http = new OpenAiHttp(config, sleeper);
    }

    @Override
    public ModelReply reply(TurnRequest turn) {
        Inputs.check(turn);
        String conversationId = turn.conversation().modelConversationId();
        if (conversationId == null || conversationId.isBlank()) {
            conversationId = http.post("/conversations", ResponsesMapper.createConversation(turn), ConversationResource.class, turn.deadline())
                    .body().id();
            if (conversationId == null) throw ExceptionMapper.invalidResponse("/conversations", new IllegalStateException("no id"), null);
        }
        ApiResult<Response> result = http.post("/responses",
                ResponsesMapper.turn(turn, conversationId, config.defaultModel()), Response.class, turn.deadline());
        Reading reading = ResponsesMapper.read(result.body(), result.requestId());
        String text = reading.text();
        Usage usage = reading.usage();
        if (!reading.calls().isEmpty()) {
            Reading followUp = answerToolCalls(turn, conversationId, reading);
            if (followUp != null) {
                usage = usage.plus(followUp.usage());
                if (text.isBlank()) text = followUp.text();
            }
        }
        if (text.isBlank() && reading.actions().isEmpty()) {
            throw reading.refusal() != null
                    ? ExceptionMapper.noReply("refusal", reading.refusal(), result.requestId())
                    : ExceptionMapper.noReply("empty_output", ResponsesMapper.emptyReason(result.body()), result.requestId());
        }
        return new ModelReply(text, usage, conversationId, reading.actions(), result.requestId());
    }

    /** Null when the follow-up fails: the actions still count, only the model's closing words are lost. */
    private Reading answerToolCalls(TurnRequest turn, String conversationId, Reading reading) {
        try {
            ApiResult<Response> result = http.post("/responses",
                    ResponsesMapper.toolOutputs(turn, conversationId, config.defaultModel(), reading.calls()), Response.class, turn.deadline());
            return ResponsesMapper.read(result.body(), result.requestId());
        } catch (ModelException e) {
            log.warn("OpenAI tool-output follow-up failed for conversation {} (code={}, request_id={}); keeping the tool actions",
                    turn.conversation().id(), e.code(), e.requestId());
            return null;
        }
    }

    @Override
    public LeadData extract(ExtractionRequest request) {
        Inputs.check(request);
        ApiResult<Response> result = http.post("/responses",
                ResponsesMapper.extraction(request, config.defaultModel()), Response.class);
        Reading reading = ResponsesMapper.read(result.body(), result.requestId());
        if (reading.text().isBlank() && reading.refusal() != null) {
            throw ExceptionMapper.noReply("refusal", reading.refusal(), result.requestId());
        }
        return LeadExtraction.parse(reading.text(), reading.usage(), result.requestId());
    }
}
