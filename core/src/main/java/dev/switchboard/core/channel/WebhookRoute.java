package dev.switchboard.core.channel;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * An HTTP route a channel serves. {@code path} may hold path parameters in braces
 * ({@code /webhooks/chat/{account_id}}); the runner passes their values in
 * {@link WebhookRequest#pathParams()}. Several channels may share one route: the runner offers a
 * request to each in registration order and the first whose {@code accepts} holds takes it.
 *
 * @param role    {@link Role#RECEIVE} for deliveries, {@link Role#HANDSHAKE} for a subscription check
 * @param accepts whether this channel takes a request on a shared route; always true by default
 */
public record WebhookRoute(String method, String path, Role role, Predicate<WebhookRequest> accepts) {
    public enum Role { RECEIVE, HANDSHAKE }

    public WebhookRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        if (!path.startsWith("/")) throw new IllegalArgumentException("a webhook path starts with /: " + path);
        accepts = accepts == null ? r -> true : accepts;
    }

    /** {@code POST path}: deliveries. */
    public static WebhookRoute receive(String path) {
        return new WebhookRoute("POST", path, Role.RECEIVE, null);
    }

    /** {@code GET path}: the provider's subscription handshake. */
    public static WebhookRoute handshake(String path) {
        return new WebhookRoute("GET", path, Role.HANDSHAKE, null);
    }

    public WebhookRoute when(Predicate<WebhookRequest> accepts) {
        return new WebhookRoute(method, path, role, accepts);
    }
}
