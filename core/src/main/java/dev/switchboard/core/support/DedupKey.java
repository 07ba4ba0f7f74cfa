package dev.switchboard.core.support;

/**
 * A dedup key made of several ids, unambiguous whatever the ids contain: each part is written as its
 * length, {@code '#'}, then the part, so {@code ("a:b", "c")} and {@code ("a", "b:c")} (two tenants'
 * accounts and message ids) never make the same key.
 */
public final class DedupKey {
    private DedupKey() {}

    public static String of(String kind, String... parts) {
        StringBuilder b = new StringBuilder(kind).append(':');
        for (String p : parts) {
            String s = p == null ? "" : p;
            b.append(s.length()).append('#').append(s);
        }
        return b.toString();
    }
}
