package dev.switchboard.adapters.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adapters.whatsapp.EvolutionApiException.Reason;
import dev.switchboard.adapters.whatsapp.internal.EvolutionHttp;
import dev.switchboard.adapters.whatsapp.internal.HostNotAllowedException;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.LogSafe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evolution API v2's instance management: create an instance, link a phone (QR or pairing code),
 * read the connection state, log out, point the instance's webhook at us. Shapes as in
 * {@code instance.controller.ts} and {@code webhook.controller.ts} (v2.3.6).
 *
 * <p>Threading: stateless, safe to share. Errors: every failure is an {@link EvolutionApiException}
 * whose {@link EvolutionApiException#reason() reason} says whether to fix the request, the
 * credentials or wait; invalid arguments are {@link InvalidInputException}s raised before any call.
 */
public final class EvolutionClient {
    /** Events the channel reads; anything else would only be ignored. */
    public static final List<String> CHANNEL_EVENTS =
            List.of("MESSAGES_UPSERT", "MESSAGES_UPDATE", "CONNECTION_UPDATE", "QRCODE_UPDATED");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Logger log = LoggerFactory.getLogger(EvolutionClient.class);

    private final EvolutionHttp http;

    public EvolutionClient(EvolutionConfig config) {
        this.http = new EvolutionHttp(config.httpClient());
    }

    // --- requests and results --------------------------------------------------------------------

    /**
     * An instance to create.
     *
     * @param integration {@code WHATSAPP-BAILEYS} (a phone linked by QR; what {@link EvolutionChannel}
     *                    expects), {@code WHATSAPP-BUSINESS} or {@code EVOLUTION}
     * @param token       the instance token to set; null lets Evolution generate one (returned as
     *                    {@link CreatedInstance#token()})
     * @param webhook     the instance webhook; null for none
     */
    public record NewInstance(String name, String integration, Secret token, boolean qrcode, WebhookConfig webhook) {
        public static final String BAILEYS = "WHATSAPP-BAILEYS";

        public NewInstance {
            if (name == null || name.isBlank()) throw new InvalidInputException("instanceName", "is required");
            if (integration == null || integration.isBlank()) throw new InvalidInputException("integration", "is required");
        }

        /** A Baileys instance that starts connecting at once, so the answer carries the first QR. */
        public static NewInstance baileys(String name, Secret token, WebhookConfig webhook) {
            return new NewInstance(name, BAILEYS, token, true, webhook);
        }
    }

    /** @param qrCode the first QR when created with {@code qrcode: true} and ready in time; else null */
    public record CreatedInstance(String name, String instanceId, String integration, String status, Secret token, QrCode qrCode) {}

    /** What {@code /instance/connect} answers: a QR to scan, or the state of an instance already linked. */
    public sealed interface Connection permits QrCode, Connected {}

    /**
     * A QR to scan in WhatsApp ("Linked devices"). {@code base64} is a {@code data:image/png;base64,…}
     * URL; {@code code} the raw QR text; {@code pairingCode} the 8 characters to type instead, when a
     * number was given. Both QR fields are null while Evolution is still generating the first one.
     */
    public record QrCode(String code, String base64, String pairingCode, int count) implements Connection {}

    /** The instance is already linked; {@code state} is {@code open}. */
    public record Connected(String state) implements Connection {}

    /** @param state {@code open}, {@code connecting} or {@code close} */
    public record InstanceState(String name, String state) {}

    /**
     * An instance webhook. Header values are secrets and are left out of {@link #toString()}.
     *
     * @param headers sent with every delivery; a {@code jwt_key} entry is not sent but used by
     *                Evolution to sign a JWT sent as {@code Authorization: Bearer …}
     * @param events  UPPER_SNAKE event names; empty with {@code enabled} means all events
     */
    public record WebhookConfig(String url, boolean enabled, Map<String, String> headers, boolean byEvents, boolean base64,
                                List<String> events) {
        public WebhookConfig {
            // Evolution accepts any URL here and then silently never delivers to a non-http(s) one.
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new InvalidInputException("webhook.url", "must start with http:// or https://, got '" + url + "'");
            }
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            events = events == null ? List.of() : List.copyOf(events);
        }

        /** Deliveries carry {@code Authorization: Bearer <webhookToken>}: the channel's static bearer mode. */
        public static WebhookConfig bearer(String url, Secret webhookToken) {
            return new WebhookConfig(url, true, Map.of("authorization", "Bearer " + webhookToken.value()), false, false, CHANNEL_EVENTS);
        }

        /** Deliveries carry a fresh HS256 JWT signed with {@code webhookToken}: the channel's JWT mode. */
        public static WebhookConfig jwt(String url, Secret webhookToken) {
            return new WebhookConfig(url, true, Map.of("jwt_key", webhookToken.value()), false, false, CHANNEL_EVENTS);
        }

        @Override
        public String toString() {
            return "WebhookConfig[url=" + url + ", enabled=" + enabled + ", headers=" + headers.keySet() + ", byEvents="
                    + byEvents + ", base64=" + base64 + ", events=" + events + "]";
        }
    }

    // --- calls -----------------------------------------------------------------------------------

    /** {@code POST /instance/create}, authenticated with the server's global key (not an instance token). */
    public CreatedInstance createInstance(HttpUrl serverUrl, Secret globalApiKey, NewInstance request) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(globalApiKey, "globalApiKey");
        ObjectNode body = JSON.objectNode()
                .put("instanceName", request.name())
                .put("integration", request.integration())
                .put("qrcode", request.qrcode());
        if (request.token() != null) body.put("token", request.token().value());
        if (request.webhook() != null) body.set("webhook", webhookBody(request.webhook()));
        HttpUrl url = serverUrl.newBuilder().addPathSegment("instance").addPathSegment("create").build();
        JsonNode root = call("create", request.name(), () -> http.post(url, globalApiKey, body));
        JsonNode instance = root.path("instance");
        String hash = text(root, "hash") != null ? text(root, "hash") : text(root.path("hash"), "apikey");
        if (text(instance, "instanceName") == null || hash == null) {
            throw unexpected("create", request.name(), "no instance.instanceName or hash");
        }
        JsonNode qr = root.path("qrcode");
        return new CreatedInstance(text(instance, "instanceName"), text(instance, "instanceId"), text(instance, "integration"),
                text(instance, "status"), new Secret(hash), qr.isObject() && text(qr, "code") != null ? qrCode(qr) : null);
    }

    /**
     * {@code GET /instance/connect/{instance}}: starts linking (or answers the current QR).
     *
     * @param pairingNumber the phone number to link, digits with country code, to also get a pairing
     *                      code; null for QR only
     */
    public Connection connect(EvolutionInstance instance, String pairingNumber) {
        HttpUrl.Builder url = instance.route("instance", "connect").newBuilder();
        if (pairingNumber != null && !pairingNumber.isBlank()) url.addQueryParameter("number", pairingNumber.strip());
        HttpUrl target = url.build();
        JsonNode root = call("connect", instance.name(), () -> http.get(target, instance.token()));
        String state = text(root.path("instance"), "state");
        if (state != null) return new Connected(state);
        if (root.isObject() && (root.has("code") || root.has("base64") || root.has("count"))) return qrCode(root);
        throw unexpected("connect", instance.name(), "neither a QR nor a connection state");
    }

    /** {@code GET /instance/connectionState/{instance}}. */
    public InstanceState connectionState(EvolutionInstance instance) {
        HttpUrl url = instance.route("instance", "connectionState");
        JsonNode root = call("connectionState", instance.name(), () -> http.get(url, instance.token()));
        String state = text(root.path("instance"), "state");
        if (state == null) throw unexpected("connectionState", instance.name(), "no instance.state");
        return new InstanceState(firstNonNull(text(root.path("instance"), "instanceName"), instance.name()), state);
    }

    /**
     * {@code DELETE /instance/logout/{instance}}: unlinks the phone; the instance stays and can be
     * linked again. Logging out an instance that is already closed succeeds (Evolution answers 400).
     */
    public void logout(EvolutionInstance instance) {
        HttpUrl url = instance.route("instance", "logout");
        try {
            call("logout", instance.name(), () -> http.delete(url, instance.token()));
        } catch (EvolutionApiException e) {
            if (e.status() != 400 || !"close".equals(connectionState(instance).state())) throw e;
        }
    }

    /** {@code POST /webhook/set/{instance}} with v2's nested body; answers the stored configuration. */
    public WebhookConfig setWebhook(EvolutionInstance instance, WebhookConfig webhook) {
        HttpUrl url = instance.route("webhook", "set");
        ObjectNode body = JSON.objectNode();
        body.set("webhook", webhookBody(webhook));
        JsonNode root = call("webhook set", instance.name(), () -> http.post(url, instance.token(), body));
        if (text(root, "url") == null) throw unexpected("webhook set", instance.name(), "no url in the stored webhook");
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : root.path("headers").properties()) {
            if (header.getValue().isValueNode()) headers.put(header.getKey(), header.getValue().asText());
        }
        List<String> events = new ArrayList<>();
        root.path("events").forEach(e -> events.add(e.asText()));
        return new WebhookConfig(text(root, "url"), root.path("enabled").asBoolean(false), headers,
                root.path("webhookByEvents").asBoolean(false), root.path("webhookBase64").asBoolean(false), events);
    }

    // --- plumbing --------------------------------------------------------------------------------

    private static ObjectNode webhookBody(WebhookConfig webhook) {
        ObjectNode body = JSON.objectNode()
                .put("enabled", webhook.enabled())
                .put("url", webhook.url())
                .put("byEvents", webhook.byEvents())
                .put("base64", webhook.base64());
        ObjectNode headers = body.putObject("headers");
        webhook.headers().forEach(headers::put);
        webhook.events().forEach(body.putArray("events")::add);
        return body;
    }

    private static QrCode qrCode(JsonNode qr) {
        return new QrCode(text(qr, "code"), text(qr, "base64"), text(qr, "pairingCode"), qr.path("count").asInt(0));
    }

    @FunctionalInterface
    private interface Call {
        EvolutionHttp.Reply run() throws IOException;
    }

    /**
     * The answer's JSON when it is a success; every other outcome as an {@link EvolutionApiException}
     * whose message says only what kind of failure it was: what the server (or the socket) said goes
     * to the log, never to whoever called us, so a {@code server_url} cannot be used to read other
     * servers' answers or to tell open ports from closed ones.
     */
    private static JsonNode call(String action, String instanceName, Call call) {
        String instance = LogSafe.of(instanceName);
        EvolutionHttp.Reply reply;
        try {
            reply = call.run();
        } catch (HostNotAllowedException e) {
            log.warn("Evolution {} for instance {} refused before connecting: {}", action, instance, e.getMessage());
            throw new EvolutionApiException(Reason.HOST_NOT_ALLOWED, 0,
                    action + " for Evolution instance '" + instance + "': " + EvolutionApiException.HOST_NOT_ALLOWED_MESSAGE);
        } catch (IOException e) {
            log.warn("Evolution {} for instance {} got no answer: {}", action, instance, LogSafe.of(String.valueOf(e), 300));
            throw new EvolutionApiException(Reason.UNREACHABLE,
                    action + " for Evolution instance '" + instance + "': the Evolution server could not be reached", e);
        }
        JsonNode root = reply.json();
        if (reply.successful() && !root.path("error").asBoolean(false)) return root;
        String said = reply.errorMessage();
        int status = reply.status();
        String lower = said.toLowerCase(Locale.ROOT);
        Reason reason;
        if (reply.successful()) reason = Reason.REJECTED; // Evolution's {"error": true, "message": …} with a 200
        else if (status == 401) reason = Reason.UNAUTHORIZED;
        else if (status == 403) reason = lower.contains("already in use") ? Reason.NAME_IN_USE : Reason.UNAUTHORIZED;
        else if (status == 404 && lower.contains("does not exist")) reason = Reason.INSTANCE_NOT_FOUND;
        else if (status >= 500) reason = Reason.SERVER_ERROR;
        else reason = Reason.REJECTED;
        log.warn("Evolution {} for instance {} failed (HTTP {}, {}): {}", action, instance, status, reason, LogSafe.of(said, 300));
        throw new EvolutionApiException(reason, status, action + " for Evolution instance '" + instance + "': " + describe(reason));
    }

    private static String describe(Reason reason) {
        return switch (reason) {
            case UNAUTHORIZED -> "the Evolution server refused the credentials";
            case INSTANCE_NOT_FOUND -> "the Evolution server has no such instance";
            case NAME_IN_USE -> "the instance name is taken on the Evolution server";
            default -> "the Evolution server answered an error";
        };
    }

    private static EvolutionApiException unexpected(String action, String instanceName, String what) {
        String instance = LogSafe.of(instanceName);
        log.warn("Evolution {} for instance {} answered an unexpected shape: {}", action, instance, what);
        return new EvolutionApiException(Reason.UNEXPECTED_RESPONSE, 200,
                action + " for Evolution instance '" + instance + "': the Evolution server answered an unexpected response");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) return null;
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
