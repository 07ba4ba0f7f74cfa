package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import okhttp3.HttpUrl;

/** The send call: {@code POST {server}/message/{endpoint}/{instance}} with the instance token as {@code apikey}. */
public final class EvolutionApi {
    private final EvolutionHttp http;

    public EvolutionApi(EvolutionHttp http) {
        this.http = http;
    }

    /** Every outcome, including an I/O failure, comes back as a {@link SendResult}. */
    public SendResult send(HttpUrl route, Secret instanceToken, ObjectNode body) {
        try {
            EvolutionHttp.Reply reply = http.post(route, instanceToken, body);
            return reply.successful() ? accepted(reply) : EvolutionSendErrors.fromReply(reply);
        } catch (HostNotAllowedException e) {
            return new SendResult.Permanent("server_url_not_allowed", e.getMessage());
        } catch (IOException e) {
            return EvolutionSendErrors.fromIoFailure(e);
        }
    }

    /**
     * The answer is the stored message; its {@code key.id} is what later status and echo webhooks
     * carry. Without it the send cannot be tracked, yet a retry could deliver it twice, so it is
     * reported as failed for good rather than retried.
     */
    private static SendResult accepted(EvolutionHttp.Reply reply) {
        String id = Json.text(reply.json().path("key"), "id");
        return id != null
                ? new SendResult.Sent(id)
                : new SendResult.Permanent("no_message_id", "the Evolution API accepted the send but returned no key.id");
    }
}
