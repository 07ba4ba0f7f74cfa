package dev.switchboard.adapters.meta;

import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.support.Redact;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Sends a message that the API needs as several requests (a long text in parts, a caption after its
 * media) in order, stopping at the first failure. The result is the last attempted part's: the last
 * part's id when all went out, else the failure. Parts sent before a failure are already delivered,
 * so a retry of the whole message repeats them.
 */
public final class PartedSend {
    private PartedSend() {}

    /**
     * @param parts     at least one request body
     * @param sendOne   sends one part
     * @param log       the channel's logger, for the outcome line
     * @param channel   the channel's name in that line ("Instagram")
     * @param recipient the recipient, logged redacted only
     */
    public static <T> SendResult inOrder(List<T> parts, Function<T, SendResult> sendOne, Logger log, String channel,
                                         String recipient) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a message has at least one part");
        String to = Redact.id(recipient);
        SendResult result = null;
        for (int part = 0; part < parts.size(); part++) {
            result = sendOne.apply(parts.get(part));
            if (!(result instanceof SendResult.Sent)) {
                if (part > 0) log.warn("{} send to {} stopped at part {} of {}", channel, to, part + 1, parts.size());
                break;
            }
        }
        switch (result) {
            case SendResult.Sent sent -> log.debug("{} send to {} accepted as {}", channel, to, sent.externalId());
            case SendResult.Retryable r -> log.warn("{} send to {} failed, retryable: {} {}", channel, to, r.code(), r.message());
            case SendResult.RateLimited r -> log.warn("{} send to {} rate-limited: {} {}", channel, to, r.code(), r.message());
            case SendResult.Permanent p -> log.warn("{} send to {} failed: {} {}", channel, to, p.code(), p.message());
        }
        return result;
    }
}
