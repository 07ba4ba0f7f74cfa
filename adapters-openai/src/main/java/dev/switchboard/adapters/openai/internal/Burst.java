package dev.switchboard.adapters.openai.internal;

import dev.switchboard.core.domain.Message;
import dev.switchboard.core.support.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** The customer's burst as one user message: each message on its own line, so the model answers them all. */
public final class Burst {
    private Burst() {}

    public static String text(List<Message> burst) {
        if (burst == null || burst.isEmpty()) throw new InvalidInputException("burst", "has no message to answer");
        return burst.stream().map(Message::modelText).collect(Collectors.joining("\n"));
    }
}
