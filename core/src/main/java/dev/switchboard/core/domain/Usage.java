package dev.switchboard.core.domain;

/** Model token usage for one call. */
public record Usage(long inputTokens, long outputTokens, long totalTokens) {
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage plus(Usage other) {
        if (other == null) return this;
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, totalTokens + other.totalTokens);
    }
}
