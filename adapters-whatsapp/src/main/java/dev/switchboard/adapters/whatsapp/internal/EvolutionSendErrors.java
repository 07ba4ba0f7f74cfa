package dev.switchboard.adapters.whatsapp.internal;

import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.support.RetryAfter;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns a failed Evolution send into the {@link SendResult} that says whether retrying can help.
 * Evolution has no error codes of its own, so the code is {@code http_<status>}, except for a
 * recipient without WhatsApp ({@code not_on_whatsapp}) and the socket failures below.
 */
public final class EvolutionSendErrors {

    private EvolutionSendErrors() {}

    public static SendResult fromReply(EvolutionHttp.Reply reply) {
        int status = reply.status();
        String message = reply.errorMessage();
        String code = "http_" + status;
        if (reply.reportsNumberNotOnWhatsApp()) return new SendResult.Permanent("not_on_whatsapp", message);
        if (status == 429) return new SendResult.RateLimited(RetryAfter.orElse(reply.retryAfter(), Instant.now(), null), code, message);
        if (status >= 500 || status == 408) return new SendResult.Retryable(code, message);
        if (status == 400) {
            // Evolution wraps every Baileys exception as a 400 with its text. These two mean the
            // WhatsApp socket was down or slow at that moment, which a later attempt can outlive.
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("connection closed")) return new SendResult.Retryable("connection_closed", message);
            if (lower.contains("timed out")) return new SendResult.Retryable("timed_out", message);
        }
        if (status == 401 || status == 403) {
            return new SendResult.Permanent(code, "Evolution refused the instance token: " + message);
        }
        return new SendResult.Permanent(code, message);
    }

    /**
     * No answer (connection refused, reset, timeout): the request may never have reached the server.
     * Only the kind of failure is kept: the socket's text names addresses and ports.
     */
    public static SendResult fromIoFailure(IOException e) {
        return new SendResult.Retryable("io", "no answer from the Evolution server (" + e.getClass().getSimpleName() + ")");
    }

}
