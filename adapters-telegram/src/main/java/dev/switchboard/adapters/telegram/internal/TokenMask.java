package dev.switchboard.adapters.telegram.internal;

/**
 * The bot token is part of every Bot API URL, so anything that may echo a URL (an exception
 * message, a log line) goes through here first.
 */
public final class TokenMask {
    private TokenMask() {}

    public static String mask(String text, String botToken) {
        if (text == null || botToken == null || botToken.isEmpty()) return text;
        return text.replace(botToken, "<bot-token>");
    }
}
