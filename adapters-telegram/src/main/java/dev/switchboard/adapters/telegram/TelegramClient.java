package dev.switchboard.adapters.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.telegram.internal.Json;
import dev.switchboard.adapters.telegram.internal.TelegramErrors;
import dev.switchboard.adapters.telegram.internal.TokenMask;
import dev.switchboard.core.channel.FetchedMedia;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.Secret;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The Bot API calls Switchboard makes, one method each. Thread-safe. Sends return a
 * {@link SendResult} and never throw for a provider error; the registration calls
 * ({@link #getMe}, {@link #setWebhook}, {@link #deleteWebhook}, {@link #getFile}) throw
 * {@link TelegramApiException}. No message or log line carries the bot token.
 */
public final class TelegramClient {
    private static final MediaType JSON = MediaType.get("application/json");

    private final TelegramConfig config;

    public TelegramClient(TelegramConfig config) {
        this.config = config;
    }

    /** The bot behind a token. */
    public record BotIdentity(long id, String username, String firstName) {}

    /** A file's path on Telegram's file server, and its size in bytes (-1 when not given). */
    public record TelegramFile(String fileId, String filePath, long size) {}

    /** @throws TelegramApiException with code 401 (or 404) when the token is not a bot's */
    public BotIdentity getMe(Secret token) {
        JsonNode result = call(token, "getMe", Json.MAPPER.createObjectNode());
        String id = Json.text(result, "id");
        if (id == null) throw new TelegramApiException("getMe", 0, "the answer has no bot id");
        return new BotIdentity(Long.parseLong(id), Json.text(result, "username"), Json.text(result, "first_name"));
    }

    /**
     * @param secretToken     1–256 characters of {@code A-Z a-z 0-9 _ -}; Telegram sends it back in
     *                        {@code X-Telegram-Bot-Api-Secret-Token} on every delivery
     * @param allowedUpdates  the update types to deliver
     */
    public void setWebhook(Secret token, String url, Secret secretToken, List<String> allowedUpdates) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("url", url).put("secret_token", secretToken.value());
        allowedUpdates.forEach(body.putArray("allowed_updates")::add);
        call(token, "setWebhook", body);
    }

    public void deleteWebhook(Secret token) {
        call(token, "deleteWebhook", Json.MAPPER.createObjectNode());
    }

    public TelegramFile getFile(Secret token, String fileId) {
        JsonNode result = call(token, "getFile", Json.MAPPER.createObjectNode().put("file_id", fileId));
        String path = Json.text(result, "file_path");
        if (path == null) throw new TelegramApiException("getFile", 0, "the answer has no file_path (the file may be too big to download)");
        String size = Json.text(result, "file_size");
        return new TelegramFile(fileId, path, size == null ? -1 : Long.parseLong(size));
    }

    /**
     * Opens a file from {@link #getFile}. Refuses a file declared larger than
     * {@link TelegramConfig#maxMediaBytes()}, and the stream fails with an {@link IOException} as
     * soon as more than that has been read, whatever was declared.
     */
    public FetchedMedia download(Secret token, TelegramFile file, String mimeType) {
        long cap = config.maxMediaBytes();
        if (file.size() > cap) throw new TelegramApiException("download", 413, "file is " + file.size() + " bytes, over the " + cap + "-byte cap");
        HttpUrl url = config.apiBaseUrl().newBuilder().addPathSegment("file").addPathSegment("bot" + token.value())
                .addPathSegments(file.filePath()).build();
        Response response = null;
        try {
            response = config.httpClient().newCall(new Request.Builder().url(url).get().build()).execute();
            ResponseBody body = response.body();
            if (!response.isSuccessful() || body == null) {
                int status = response.code();
                response.close();
                throw new TelegramApiException("download", status, "the file server answered HTTP " + status);
            }
            long length = body.contentLength();
            if (length > cap) {
                response.close();
                throw new TelegramApiException("download", 413, "file is " + length + " bytes, over the " + cap + "-byte cap");
            }
            String type = mimeType != null ? mimeType : body.contentType() == null ? null : body.contentType().toString();
            return new FetchedMedia(type, length >= 0 ? length : file.size(), new CappedStream(body.byteStream(), cap));
        } catch (IOException e) {
            if (response != null) response.close();
            throw new TelegramApiException("download", 0, TokenMask.mask(e.getMessage(), token.value()));
        }
    }

    /** One {@code sendMessage} of at most 4,096 characters; the caller splits longer text. */
    public SendResult sendMessage(Secret token, String chatId, String text, JsonNode replyMarkup) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("chat_id", chatId).put("text", text);
        if (replyMarkup != null) body.set("reply_markup", replyMarkup);
        return send(token, "sendMessage", body);
    }

    public SendResult sendPhoto(Secret token, String chatId, String url, String caption) {
        return sendMedia(token, "sendPhoto", "photo", chatId, url, caption);
    }

    public SendResult sendDocument(Secret token, String chatId, String url, String caption) {
        return sendMedia(token, "sendDocument", "document", chatId, url, caption);
    }

    public SendResult sendVideo(Secret token, String chatId, String url, String caption) {
        return sendMedia(token, "sendVideo", "video", chatId, url, caption);
    }

    public SendResult sendAudio(Secret token, String chatId, String url, String caption) {
        return sendMedia(token, "sendAudio", "audio", chatId, url, caption);
    }

    /** Shows "typing…" for about five seconds. Best effort: false when Telegram refused or was unreachable. */
    public boolean sendChatAction(Secret token, String chatId, String action) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("chat_id", chatId).put("action", action);
        return send(token, "sendChatAction", body) instanceof SendResult.Sent;
    }

    private SendResult sendMedia(Secret token, String method, String field, String chatId, String url, String caption) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("chat_id", chatId).put(field, url);
        if (caption != null && !caption.isBlank()) body.put("caption", caption);
        return send(token, method, body);
    }

    /** A send's outcome; the id of a sent message is {@code chat_id:message_id}, unique per bot. */
    private SendResult send(Secret token, String method, ObjectNode body) {
        try (Response response = execute(token, method, body)) {
            String text = bodyText(response);
            if (!response.isSuccessful()) return TelegramErrors.fromResponse(response.code(), text);
            JsonNode result = Json.MAPPER.readTree(text).path("result");
            if (result.isBoolean()) return new SendResult.Sent(method);
            String messageId = Json.text(result, "message_id");
            String chat = Json.text(Json.object(result, "chat"), "id");
            if (messageId == null) return new SendResult.Permanent("no_message_id", "Telegram accepted " + method + " but returned no message_id");
            return new SendResult.Sent((chat == null ? body.path("chat_id").asText() : chat) + ":" + messageId);
        } catch (IOException e) {
            return TelegramErrors.fromIoFailure(e, token.value());
        }
    }

    private JsonNode call(Secret token, String method, ObjectNode body) {
        try (Response response = execute(token, method, body)) {
            String text = bodyText(response);
            if (!response.isSuccessful()) {
                TelegramErrors.ApiError error = TelegramErrors.ApiError.read(response.code(), text);
                throw new TelegramApiException(method, error.code(), error.description());
            }
            JsonNode root = Json.MAPPER.readTree(text);
            if (root == null || !root.path("ok").asBoolean(false)) {
                throw new TelegramApiException(method, response.code(), "the answer is not ok: " + Json.text(root, "description"));
            }
            return root.path("result");
        } catch (IOException e) {
            throw new TelegramApiException(method, 0, e.getClass().getSimpleName() + ": " + TokenMask.mask(e.getMessage(), token.value()));
        }
    }

    private Response execute(Secret token, String method, ObjectNode body) throws IOException {
        HttpUrl url = config.apiBaseUrl().newBuilder().addPathSegment("bot" + token.value()).addPathSegment(method).build();
        Request request = new Request.Builder().url(url).post(RequestBody.create(serialise(body), JSON)).build();
        return config.httpClient().newCall(request).execute();
    }

    private static String bodyText(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    private static byte[] serialise(ObjectNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Fails the read that would take the stream past {@code cap} bytes. */
    private static final class CappedStream extends FilterInputStream {
        private final long cap;
        private long read;

        CappedStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) count(n);
            return n;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > cap) throw new IOException("media is over the " + cap + "-byte cap");
        }
    }
}
