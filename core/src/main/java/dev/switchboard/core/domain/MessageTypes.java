package dev.switchboard.core.domain;

/**
 * Message types used across channels. A type is an open string, not an enum, so a channel can
 * store a type core has never heard of; these constants are the common vocabulary.
 */
public final class MessageTypes {
    public static final String TEXT = "text";
    public static final String IMAGE = "image";
    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String DOCUMENT = "document";
    public static final String STICKER = "sticker";
    public static final String LOCATION = "location";
    public static final String CONTACTS = "contacts";
    public static final String INTERACTIVE = "interactive";
    public static final String BUTTON = "button";
    public static final String REACTION = "reaction";
    public static final String TEMPLATE = "template";
    public static final String UNKNOWN = "unknown";

    private MessageTypes() {}
}
