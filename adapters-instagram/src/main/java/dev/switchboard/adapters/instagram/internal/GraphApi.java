package dev.switchboard.adapters.instagram.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The one call the channel makes: {@code POST {base}/{ig-id}/messages} with the account's bearer token. */
public final class GraphApi {
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl baseUrl;
    private final OkHttpClient client;

    public GraphApi(HttpUrl baseUrl, OkHttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
    }

    /** Posts one message; every outcome, including an I/O failure, comes back as a {@link SendResult}. */
    public SendResult postMessage(String accountId, Secret accessToken, ObjectNode body) {
        Request request = new Request.Builder()
                .url(baseUrl.newBuilder().addPathSegment(accountId).addPathSegment("messages").build())
                .header("Authorization", "Bearer " + accessToken.value())
                .post(RequestBody.create(serialise(body), JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            return response.isSuccessful()
                    ? accepted(text)
                    : GraphErrorMapper.fromResponse(response.code(), text, response.header("Retry-After"));
        } catch (IOException e) {
            return GraphErrorMapper.fromIoFailure(e);
        }
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

    private static byte[] serialise(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
