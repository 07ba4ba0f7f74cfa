package dev.switchboard.adapters.webchat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One person chatting through one widget. {@code visitorId} is the contact's channel user id; the
 * same browser keeps it (and so its history) for as long as it keeps its token.
 */
public record Visitor(String widgetId, String visitorId) {
    private static final Pattern VISITOR_ID = Pattern.compile("v_[A-Za-z0-9_-]{16,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public Visitor {
        Objects.requireNonNull(widgetId, "widgetId");
        if (!isVisitorId(visitorId)) throw new IllegalArgumentException("not a visitor id");
    }

    /** A visitor nobody has seen before, with an unguessable id. */
    public static Visitor fresh(String widgetId) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new Visitor(widgetId, "v_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static boolean isVisitorId(String id) {
        return id != null && VISITOR_ID.matcher(id).matches();
    }
}
