package dev.switchboard.core.model;

/** Something the model asked the engine to do besides replying (its tool calls). */
public sealed interface ModelAction {
    /** Hand the conversation to a human: the bot goes silent until an operator resumes it. */
    record Escalate(String reason) implements ModelAction {}

    /** The customer's request is done: the conversation is closed. */
    record Resolve(String reason) implements ModelAction {}
}
