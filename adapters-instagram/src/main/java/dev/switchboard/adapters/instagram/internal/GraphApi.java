package dev.switchboard.adapters.instagram.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.meta.GraphClient;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** The one call the channel makes: {@code POST {base}/{ig-id}/messages} with the account's bearer token. */
public final class GraphApi {
    private final GraphClient graph;

    public GraphApi(HttpUrl baseUrl, OkHttpClient client) {
        this.graph = new GraphClient(baseUrl, client);
    }

    /** Posts one message; every outcome, including an I/O failure, comes back as a {@link SendResult}. */
    public SendResult postMessage(String accountId, Secret accessToken, ObjectNode body) {
        return graph.postMessage(accountId, accessToken, body, GraphApi::accepted, GraphErrorMapper.errors());
    }

    /**
     * A 2xx means Meta took the message. Without an id we cannot track it, yet a retry could deliver
     * it twice, so the send is reported as failed for good rather than retried.
     */
    private static SendResult accepted(String body) {
        String id = null;
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null) id = Json.text(root, "message_id");
        } catch (IOException e) {
            // handled below: no id
        }
        return id != null
                ? new SendResult.Sent(id)
                : new SendResult.Permanent("no_message_id", "the Instagram API accepted the send but returned no message_id");
    }
}
