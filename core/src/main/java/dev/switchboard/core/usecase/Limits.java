package dev.switchboard.core.usecase;

/**
 * The longest value, in characters, each kind of text field of the commands takes. A command built
 * with a longer value throws {@link dev.switchboard.core.support.InvalidInputException} naming the
 * field and the limit, so an embedder calling the use cases directly gets the same limits as the
 * HTTP API (which checks them by wire name before it builds a command).
 */
public final class Limits {
    /** Ids, provider names, types, versions, phone numbers. */
    public static final int ID = 100;
    /** Names: agents, companies, display names, models, file names. */
    public static final int NAME = 200;
    /** E-mail addresses (RFC 5321's path limit). */
    public static final int EMAIL = 320;
    /** Links and server URLs. */
    public static final int URL = 2_048;
    /** Provider settings' values, and any field without a limit of its own. */
    public static final int DEFAULT = 2_048;
    /** Greetings, fallback replies, access tokens. */
    public static final int SHORT_TEXT = 4_096;
    /** An agent's instructions. */
    public static final int LONG_TEXT = 20_000;
    /** Items of a list field (tools, ids). */
    public static final int LIST_ITEMS = 100;

    private Limits() {}
}
