package dev.switchboard.adapters.openai.internal;

import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.TurnRequest;
import dev.switchboard.core.support.InvalidInputException;

/** Rejects requests the adapter cannot map, naming the missing part instead of failing with an NPE deep inside. */
public final class Inputs {
    private Inputs() {}

    public static TurnRequest check(TurnRequest turn) {
        if (turn == null) throw new InvalidInputException("turn", "is required");
        if (turn.agent() == null) throw new InvalidInputException("turn.agent", "is required");
        if (turn.conversation() == null) throw new InvalidInputException("turn.conversation", "is required");
        return turn;
    }

    public static ExtractionRequest check(ExtractionRequest request) {
        if (request == null) throw new InvalidInputException("request", "is required");
        if (request.messages().isEmpty()) throw new InvalidInputException("request.messages", "has nothing to extract from");
        return request;
    }
}
