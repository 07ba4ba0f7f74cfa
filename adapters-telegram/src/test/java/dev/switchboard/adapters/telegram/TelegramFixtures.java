package dev.switchboard.adapters.telegram;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Bot API samples in the shapes of api-contracts.md §5, and a bot account to address them to. */
final class TelegramFixtures {
    static final String TOKEN = "7012345678:AAE-test-token_xyz";
    static final String BOT_ID = "7012345678";
    static final String SECRET = "s3cr3t_Token-123";
    static final String CUSTOMER = "123456789";
    static final String BOT_PATH = "/bot" + TOKEN;

    private TelegramFixtures() {}

    static TelegramChannel channel(String baseUrl) {
        return new TelegramChannel(TelegramConfig.builder().apiBaseUrl(baseUrl).build());
    }

    static ChannelAccount account() {
        return new ChannelAccount(BOT_ID, "tenant-1", "telegram", "bot", null, new Secret(TOKEN), "Loja Bot",
                Map.of(TelegramWebhookSecret.SETTING, SECRET), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A delivery to our bot's webhook URL with the given secret header (none when null). */
    static WebhookRequest delivery(String body, String secret) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of("application/json"));
        if (secret != null) headers.put(TelegramWebhookSecret.HEADER, List.of(secret));
        return new WebhookRequest(headers, Map.of(), body.getBytes(StandardCharsets.UTF_8), Map.of(TelegramChannel.ACCOUNT_ID_PARAM, BOT_ID));
    }

    static WebhookRequest authentic(String body) {
        return delivery(body, SECRET);
    }

    static String privateMessage(long updateId, int messageId, String fields) {
        return """
                {"update_id": %d,
                 "message": {"message_id": %d,
                   "from": {"id": 123456789, "is_bot": false, "first_name": "Maria", "last_name": "Silva",
                            "username": "mariasilva", "language_code": "pt-br"},
                   "chat": {"id": 123456789, "first_name": "Maria", "last_name": "Silva", "username": "mariasilva", "type": "private"},
                   "date": 1761041730, %s}}""".formatted(updateId, messageId, fields);
    }

    static final String TEXT = privateMessage(834512987, 1042, "\"text\": \"Vocês abrem sábado?\"");

    static final String GROUP_TEXT = """
            {"update_id": 834512988,
             "message": {"message_id": 77,
               "from": {"id": 123456789, "is_bot": false, "first_name": "Maria"},
               "chat": {"id": -1001234567890, "title": "Clientes", "type": "supergroup"},
               "date": 1761041731, "text": "alguém aí?"}}""";

    static final String PHOTO = privateMessage(834512990, 1044, """
            "photo": [
              {"file_id": "AgAD-small", "file_unique_id": "s", "file_size": 1200, "width": 90, "height": 67},
              {"file_id": "AgAD-large", "file_unique_id": "l", "file_size": 98000, "width": 1280, "height": 960},
              {"file_id": "AgAD-medium", "file_unique_id": "m", "file_size": 21000, "width": 320, "height": 240}],
            "caption": "Quanto custa este?\"""");

    static final String EDITED = """
            {"update_id": 834512991,
             "edited_message": {"message_id": 1042,
               "from": {"id": 123456789, "is_bot": false, "first_name": "Maria", "last_name": "Silva", "username": "mariasilva"},
               "chat": {"id": 123456789, "first_name": "Maria", "type": "private"},
               "date": 1761041730, "edit_date": 1761041790, "text": "Vocês abrem domingo?"}}""";

    /** A Bot API success answer to a send. */
    static String sent(int messageId) {
        return """
                {"ok": true, "result": {"message_id": %d,
                  "from": {"id": 7012345678, "is_bot": true, "first_name": "LojaBot", "username": "loja_bot"},
                  "chat": {"id": 123456789, "type": "private", "first_name": "Maria"}, "date": 1761041735, "text": "ok"}}"""
                .formatted(messageId);
    }

    static String error(int code, String description) {
        return "{\"ok\": false, \"error_code\": " + code + ", \"description\": \"" + description + "\"}";
    }

    static final String FLOOD = """
            {"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}""";

    static final String BLOCKED = error(403, "Forbidden: bot was blocked by the user");
}
