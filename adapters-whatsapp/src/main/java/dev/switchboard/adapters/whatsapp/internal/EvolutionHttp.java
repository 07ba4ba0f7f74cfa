package dev.switchboard.adapters.whatsapp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.Redact;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls to an Evolution API server, authenticated with the {@code apikey} header. Answers come back
 * whole, whatever their status; only a failure to get an answer throws.
 */
public final class EvolutionHttp {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;

    public EvolutionHttp(OkHttpClient client) {
        this.client = client;
    }

    public Reply get(HttpUrl url, Secret apiKey) throws IOException {
        return call(new Request.Builder().url(url).get(), apiKey);
    }

    public Reply post(HttpUrl url, Secret apiKey, JsonNode body) throws IOException {
        return call(new Request.Builder().url(url).post(RequestBody.create(serialise(body), JSON)), apiKey);
    }

    public Reply delete(HttpUrl url, Secret apiKey) throws IOException {
        return call(new Request.Builder().url(url).delete(), apiKey);
    }

    private Reply call(Request.Builder request, Secret apiKey) throws IOException {
        try (Response response = client.newCall(request.header("apikey", apiKey.value()).build()).execute()) {
            ResponseBody body = response.body();
            return new Reply(response.code(), body == null ? "" : body.string(), response.header("Retry-After"));
        }
    }

    private static byte[] serialise(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** One answer from the server. */
    public record Reply(int status, String body, String retryAfter) {

        public boolean successful() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON; a missing node when it is empty or not JSON. */
        public JsonNode json() {
            if (body == null || body.isBlank()) return Json.MAPPER.missingNode();
            try {
                JsonNode root = Json.MAPPER.readTree(body);
                return root == null ? Json.MAPPER.missingNode() : root;
            } catch (IOException e) {
                return Json.MAPPER.missingNode();
            }
        }

        /**
         * What the server said went wrong, readable and free of phone numbers. Evolution's error
         * handler answers {@code {"status":400,"error":"Bad Request","response":{"message":[…]}}} where
         * {@code message} is a string or an array of strings and objects; a few routes answer
         * {@code {"error":true,"message":"…"}} instead.
         */
        public String errorMessage() {
            JsonNode root = json();
            JsonNode message = root.path("response").path("message");
            if (message.isMissingNode()) message = root.path("message");
            List<String> parts = new ArrayList<>();
            if (message.isArray()) {
                for (JsonNode part : message) parts.add(describe(part));
            } else if (!message.isMissingNode() && !message.isNull()) {
                parts.add(describe(message));
            }
            parts.removeIf(String::isBlank);
            if (!parts.isEmpty()) return String.join("; ", parts);
            String error = Json.text(root, "error");
            return error != null ? "HTTP " + status + " " + error : "HTTP " + status + " from the Evolution API";
        }

        /** The {@code {"exists": false, "jid": …, "number": …}} entry Evolution answers for a number not on WhatsApp. */
        public boolean reportsNumberNotOnWhatsApp() {
            JsonNode message = json().path("response").path("message");
            Iterable<JsonNode> parts = message.isArray() ? message : List.of(message);
            for (JsonNode part : parts) {
                if (part.isObject() && part.has("exists") && !part.path("exists").asBoolean(true)) return true;
            }
            return false;
        }

        private static String describe(JsonNode part) {
            if (part.isObject() && part.has("exists")) {
                String number = Json.text(part, "number");
                return "number " + Redact.id(number == null ? Json.text(part, "jid") : number)
                        + (part.path("exists").asBoolean(true) ? " exists on WhatsApp" : " is not on WhatsApp");
            }
            return part.isValueNode() ? part.asText() : part.toString();
        }
    }
}
