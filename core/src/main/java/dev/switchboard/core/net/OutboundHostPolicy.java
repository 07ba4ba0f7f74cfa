package dev.switchboard.core.net;

import dev.switchboard.core.support.InvalidInputException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which hosts an outbound call whose URL a tenant chose (an Evolution {@code server_url}, a webhook
 * target) may reach. Public addresses are open; internal ones (loopback, private, link-local with
 * the cloud metadata address, unique-local, the unspecified address, multicast, carrier-grade NAT,
 * reserved ranges, and IPv6 forms that embed one of those) only for a host the operator allowed,
 * with its port when the entry names one. Two checks use it: {@link #checkUrl} when the URL is
 * written, for a clear 400, and {@link #allowedAddresses} when the connection is made, because a
 * name can resolve to another address by then (DNS rebinding).
 *
 * <p>Immutable and thread-safe. Host names compare case-insensitively, as their ASCII form.
 */
public final class OutboundHostPolicy {
    /** Names that reach a cloud's instance metadata service whatever they resolve to here. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal");

    /** Resolves a host name; {@link InetAddress#getAllByName} unless a test supplies another. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** An allowed host; {@code port} -1 allows every port. */
    public record Allowed(String host, int port) {
        public Allowed {
            host = normalize(Objects.requireNonNull(host, "host"));
        }

        boolean matches(String otherHost, int otherPort) {
            return host.equals(normalize(otherHost)) && (port == -1 || port == otherPort);
        }
    }

    private final List<Allowed> allowed;
    private final Resolver resolver;

    private OutboundHostPolicy(List<Allowed> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    /** Only public hosts. */
    public static OutboundHostPolicy publicOnly() {
        return new OutboundHostPolicy(List.of(), host -> List.of(InetAddress.getAllByName(host)));
    }

    /**
     * Public hosts and the entries of a comma-separated list of {@code host} or {@code host:port}
     * ({@code [v6]:port} for an IPv6 address with a port).
     *
     * @param setting the name of the setting the list comes from, for the error message
     * @throws IllegalArgumentException naming {@code setting} when an entry is not a host or has a bad port
     */
    public static OutboundHostPolicy parse(String commaSeparated, String setting) {
        OutboundHostPolicy policy = publicOnly();
        if (commaSeparated == null || commaSeparated.isBlank()) return policy;
        List<Allowed> entries = new ArrayList<>();
        for (String raw : commaSeparated.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) continue;
            entries.add(entry(entry, setting));
        }
        return new OutboundHostPolicy(entries, policy.resolver);
    }

    /** This policy, also allowing {@code host} on {@code port} (-1: every port). */
    public OutboundHostPolicy allowing(String host, int port) {
        List<Allowed> more = new ArrayList<>(allowed);
        more.add(new Allowed(host, port));
        return new OutboundHostPolicy(more, resolver);
    }

    /** This policy, resolving names with {@code resolver}. */
    public OutboundHostPolicy resolvingWith(Resolver resolver) {
        return new OutboundHostPolicy(allowed, Objects.requireNonNull(resolver, "resolver"));
    }

    public List<Allowed> allowed() {
        return allowed;
    }

    /** Whether an entry names the host (on any port). */
    public boolean lists(String host) {
        String h = normalize(host);
        return allowed.stream().anyMatch(a -> a.host().equals(h));
    }

    /** Whether an entry allows the host on that port, so internal addresses are fine. */
    public boolean allows(String host, int port) {
        return allowed.stream().anyMatch(a -> a.matches(host, port));
    }

    /**
     * The check on write: an absolute http(s) URL with a host, which is allowed on its port, or is
     * not an internal address and does not resolve to one. A name that does not resolve now passes:
     * it is checked again when connecting.
     *
     * @throws InvalidInputException naming {@code field}, saying what is wrong and how to allow it
     */
    public void checkUrl(String url, String field) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(field, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new InvalidInputException(field, "must be an http(s) URL");
        String host = uri.getHost();
        if (host == null || host.isEmpty()) throw new InvalidInputException(field, "must name a host");
        if (uri.getUserInfo() != null) throw new InvalidInputException(field, "must not carry a user name or password");
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allows(host, port)) return;
        String why = internalReason(host, port);
        if (why != null) {
            throw new InvalidInputException(field, "points at " + why
                    + "; only public hosts, the default server's host or hosts listed by the operator are allowed");
        }
    }

    /**
     * The check before a call, without DNS: null when {@code host:port} may be called (allowed, or a
     * name whose addresses {@link #allowedAddresses} will filter), else why not.
     */
    public String refusal(String host, int port) {
        if (allows(host, port)) return null;
        if (lists(host)) return "a host allowed on other ports only";
        String h = normalize(host);
        if (METADATA_NAMES.contains(h)) return "a cloud metadata service";
        if (h.equals("localhost") || h.endsWith(".localhost")) return "a loopback address";
        InetAddress literal = InternalAddresses.literal(h);
        return literal == null ? null : InternalAddresses.describe(literal);
    }

    /**
     * The check on connect: the addresses {@code host} resolved to that may be used. All of them when
     * an entry lists the host (its port is checked on write and per call), else only public ones.
     */
    public List<InetAddress> allowedAddresses(String host, List<InetAddress> resolved) {
        if (lists(host)) return resolved;
        if (METADATA_NAMES.contains(normalize(host))) return List.of();
        return resolved.stream().filter(a -> !InternalAddresses.isInternal(a)).toList();
    }

    /** Resolves with this policy's resolver. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return resolver.resolve(host);
    }

    /** Why a host not listed may not be called, or null when it may: {@link #refusal}, then what the name resolves to. */
    private String internalReason(String host, int port) {
        String refused = refusal(host, port);
        if (refused != null || InternalAddresses.literal(normalize(host)) != null) return refused;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(normalize(host));
        } catch (UnknownHostException e) {
            return null;
        }
        for (InetAddress address : addresses) {
            String kind = InternalAddresses.describe(address);
            if (kind != null) return kind;
        }
        return null;
    }

    private static Allowed entry(String entry, String setting) {
        String host;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) throw new IllegalArgumentException(setting + ": '" + entry + "' opens a [ it does not close");
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw new IllegalArgumentException(setting + ": '" + entry + "' is not [host]:port");
                port = rest.substring(1);
            }
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        } else {
            host = entry; // a bare name, IPv4 address, or IPv6 address without port
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(setting + ": '" + entry + "' is not a host or host:port");
        }
        int number = -1;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                number = 0;
            }
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException(setting + ": '" + entry + "' has a port that is not 1 to 65535");
            }
        }
        return new Allowed(host, number);
    }

    static String normalize(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        try {
            h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // keep it as given: it will not resolve either
        }
        InetAddress literal = InternalAddresses.literal(h);
        return literal != null ? literal.getHostAddress() : h.toLowerCase(Locale.ROOT);
    }
}
