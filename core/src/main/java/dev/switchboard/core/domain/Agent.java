package dev.switchboard.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An AI agent linked to at most one channel account. It answers either with a dashboard prompt
 * ({@code promptId} + optional {@code promptVersion}) or with inline {@code instructions} + {@code model}.
 *
 * @param debounceMs          how long the newest message of a burst must be quiet before the agent
 *                            answers; 0 answers at once
 * @param tools               model tools offered ({@link #DEFAULT_TOOLS} when null)
 * @param pauseOnHumanReply   a message sent by a human (operator or the business's own phone) pauses
 *                            the bot for that conversation
 * @param extractionIntervalMs quiet time before lead extraction; null uses the deployment default
 * @param settings            further behaviour settings, by name (for example {@code api}, {@code mark_read})
 */
public record Agent(
        String id,
        String tenantId,
        String channelAccountId,
        String name,
        String promptId,
        String promptVersion,
        String instructions,
        String model,
        String greeting,
        String fallbackReply,
        long debounceMs,
        Set<String> tools,
        boolean pauseOnHumanReply,
        Long extractionIntervalMs,
        Map<String, String> settings,
        Instant createdAt,
        Instant updatedAt) {

    public static final long DEFAULT_DEBOUNCE_MS = 2000;
    public static final String DEFAULT_FALLBACK_REPLY =
            "Sorry, I can't answer right now. A member of our team will get back to you.";
    public static final Set<String> DEFAULT_TOOLS = Set.of("escalate_conversation", "resolve_conversation");

    public Agent {
        tools = tools == null ? DEFAULT_TOOLS : Set.copyOf(tools);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public String fallbackReplyOrDefault() {
        return fallbackReply == null || fallbackReply.isBlank() ? DEFAULT_FALLBACK_REPLY : fallbackReply;
    }

    public String setting(String key) {
        return settings.get(key);
    }
}
