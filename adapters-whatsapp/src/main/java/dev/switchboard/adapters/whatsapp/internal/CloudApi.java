package dev.switchboard.adapters.whatsapp.internal;

import static dev.switchboard.adapters.whatsapp.internal.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.meta.GraphClient;
import dev.switchboard.core.channel.FetchedMedia;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Secret;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** The Graph API calls the channel makes: sends ({@code POST {base}/{phone-number-id}/messages}) and media downloads. */
public final class CloudApi {
    private final HttpUrl baseUrl;
    private final OkHttpClient client;
    private final GraphClient graph;

    public CloudApi(HttpUrl baseUrl, OkHttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.graph = new GraphClient(baseUrl, client);
    }

    /** Posts one message; every outcome, including an I/O failure, comes back as a {@link SendResult}. */
    public SendResult postMessage(String phoneNumberId, Secret accessToken, ObjectNode body) {
        return graph.postMessage(phoneNumberId, accessToken, body, CloudApi::accepted, CloudErrorMapper.errors());
    }

    /** Posts a read receipt; {@code {"success": true}} is the only answer that counts. */
    public boolean postReadReceipt(String phoneNumberId, Secret accessToken, ObjectNode body) throws IOException {
        GraphClient.Reply reply = graph.post(phoneNumberId, accessToken, body);
        if (!reply.successful()) return false;
        JsonNode root = Json.MAPPER.readTree(reply.body());
        return root != null && root.path("success").asBoolean(false);
    }

    /**
     * Media download (contracts 1.7): {@code GET {base}/{media-id}} for a short-lived URL (skipped when
     * the webhook already carried one), then {@code GET <url>}, both with the bearer token. The body is
     * returned unread, to be streamed; the caller closes it.
     *
     * @throws IOException when Meta refuses either step or cannot be reached
     */
    public FetchedMedia downloadMedia(String phoneNumberId, Secret accessToken, MediaRef media) throws IOException {
        String url = media.url();
        String mime = media.mimeType();
        if (media.id() != null) {
            HttpUrl lookup = baseUrl.newBuilder().addPathSegment(media.id()).addQueryParameter("phone_number_id", phoneNumberId).build();
            try (Response r = client.newCall(new Request.Builder().url(lookup)
                    .header("Authorization", "Bearer " + accessToken.value()).get().build()).execute()) {
                String body = r.body() == null ? "" : r.body().string();
                if (!r.isSuccessful()) throw new IOException("media lookup answered HTTP " + r.code());
                JsonNode root = Json.MAPPER.readTree(body);
                url = text(root, "url");
                if (text(root, "mime_type") != null) mime = text(root, "mime_type");
            }
        }
        HttpUrl download = url == null ? null : HttpUrl.parse(url);
        if (download == null) throw new IOException("no download URL for media " + media.id());
        Response r = client.newCall(new Request.Builder().url(download)
                .header("Authorization", "Bearer " + accessToken.value()).get().build()).execute();
        if (!r.isSuccessful() || r.body() == null) {
            r.close();
            throw new IOException("media download answered HTTP " + r.code());
        }
        ResponseBody body = r.body();
        String contentType = body.contentType() != null ? body.contentType().toString() : mime;
        return new FetchedMedia(contentType, body.contentLength(), body.byteStream());
    }

    /**
     * A 2xx means Meta took the message. Without an id we cannot track it, yet a retry could deliver
     * it twice, so the send is reported as failed for good rather than retried.
     */
    private static SendResult accepted(String body) {
        String id = null;
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null) id = text(root.path("messages").path(0), "id");
        } catch (IOException e) {
            // handled below: no id
        }
        return id != null
                ? new SendResult.Sent(id)
                : new SendResult.Permanent("no_message_id", "the Cloud API accepted the send but returned no message id");
    }
}
