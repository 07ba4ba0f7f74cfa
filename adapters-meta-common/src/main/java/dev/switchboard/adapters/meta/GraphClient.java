package dev.switchboard.adapters.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The send call both Meta channels make: {@code POST {base}/{node-id}/messages} with a bearer token and a JSON body. */
public final class GraphClient {
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl baseUrl;
    private final OkHttpClient client;

    public GraphClient(HttpUrl baseUrl, OkHttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
    }

    /** A response read whole: status, body text (empty when none) and the {@code Retry-After} header. */
    public record Reply(int status, String body, String retryAfter) {
        public boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Posts one message; every outcome, including an I/O failure, comes back as a {@link SendResult}.
     *
     * @param accepted reads a 2xx body (the message id's place differs per API)
     * @param errors   the channel's error table for anything else
     */
    public SendResult postMessage(String nodeId, Secret accessToken, ObjectNode body,
                                  Function<String, SendResult> accepted, GraphErrors errors) {
        try {
            Reply reply = post(nodeId, accessToken, body);
            return reply.successful() ? accepted.apply(reply.body()) : errors.fromResponse(reply.status(), reply.body(), reply.retryAfter());
        } catch (IOException e) {
            return GraphErrors.fromIoFailure(e);
        }
    }

    /** Posts {@code body} to {@code {base}/{nodeId}/messages} and reads the whole answer. */
    public Reply post(String nodeId, Secret accessToken, ObjectNode body) throws IOException {
        Request request = new Request.Builder()
                .url(baseUrl.newBuilder().addPathSegment(nodeId).addPathSegment("messages").build())
                .header("Authorization", "Bearer " + accessToken.value())
                .post(RequestBody.create(serialise(body), JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            return new Reply(response.code(), responseBody == null ? "" : responseBody.string(), response.header("Retry-After"));
        }
    }

    private static byte[] serialise(ObjectNode body) {
        try {
            return GraphJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
