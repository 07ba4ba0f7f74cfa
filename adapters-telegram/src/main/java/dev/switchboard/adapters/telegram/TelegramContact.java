package dev.switchboard.adapters.telegram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Telegram user behind a private chat, keyed by their user id ({@code from.id}).
 *
 * @param name     first and last name, as the user set them
 * @param username the {@code @username} without the at sign, or null
 */
public record TelegramContact(String userId, String name, String username, String languageCode) {

    /** What the contact's channel-neutral attributes get: only the keys that have a value. */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (username != null) attributes.put("username", username);
        if (languageCode != null) attributes.put("language_code", languageCode);
        return Map.copyOf(attributes);
    }
}
