package dev.switchboard.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Which addresses are not the public internet, and IP literals read without asking DNS. */
final class InternalAddresses {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private InternalAddresses() {}

    static boolean isInternal(InetAddress address) {
        return describe(address) != null;
    }

    /** What kind of internal address this is ("a loopback address"…), or null for a public one. */
    static String describe(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) return describeV4(b);
        if (address instanceof Inet6Address) return describeV6(b);
        return "an address of an unknown family";
    }

    private static String describeV4(byte[] b) {
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff;
        if (a0 == 169 && a1 == 254) return a2 == 169 && (b[3] & 0xff) == 254 ? "a cloud metadata service" : "a link-local address";
        if (a0 == 127) return "a loopback address";
        if (a0 == 0) return "the unspecified address";
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) return "a private address";
        if (a0 == 100 && (a1 & 0xc0) == 64) return "a shared (carrier-grade NAT) address";
        if (a0 == 198 && (a1 & 0xfe) == 18) return "a benchmarking address";
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) return "a reserved address";
        if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) return "a reserved address";
        if (a0 >= 224 && a0 < 240) return "a multicast address";
        if (a0 >= 240) return "a reserved address";
        return null;
    }

    private static String describeV6(byte[] b) {
        int first = b[0] & 0xff, second = b[1] & 0xff;
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) zero80 &= b[i] == 0;
        if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return describeV4(tail(b, 12)); // ::ffff:a.b.c.d
        if (zero80 && b[10] == 0 && b[11] == 0) {
            boolean allZero = true;
            for (int i = 12; i < 15; i++) allZero &= b[i] == 0;
            if (allZero && b[15] == 0) return "the unspecified address";
            if (allZero && b[15] == 1) return "a loopback address";
            return describeV4(tail(b, 12)); // deprecated ::a.b.c.d
        }
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) return describeV4(tail(b, 12)); // NAT64
        if (first == 0x20 && second == 0x02) return describeV4(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) return "a Teredo tunnel address";
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) return "a reserved address";
        if (first == 0x01 && second == 0x00 && b[2] == 0 && b[3] == 0) return "a reserved address"; // discard-only 100::/64
        if ((first & 0xfe) == 0xfc) return "a private (unique-local) address";
        if (first == 0xfe && (second & 0xc0) == 0x80) return "a link-local address";
        if (first == 0xfe && (second & 0xc0) == 0xc0) return "a private (site-local) address";
        if (first == 0xff) return "a multicast address";
        return null;
    }

    private static byte[] tail(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** The address an IP literal names (dotted quad, or IPv6 with or without brackets), or null for a name. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            var quad = DOTTED_QUAD.matcher(h);
            if (quad.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(quad.group(i + 1));
                    if (part > 255) return null;
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (h.indexOf(':') >= 0 && h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                return InetAddress.getByName(h); // a literal with a colon is parsed, never looked up
            }
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}
