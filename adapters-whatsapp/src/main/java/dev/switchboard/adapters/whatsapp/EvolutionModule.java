package dev.switchboard.adapters.whatsapp;

import dev.switchboard.core.channel.AccountDraft;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.channel.WebhookRoute;
import java.util.List;

/**
 * WhatsApp through a self-hosted Evolution API server as a channel module: an account needs its
 * number (E.164) and the instance's API key, and may name its own server and webhook token;
 * webhooks on {@code /webhooks/evolution}.
 */
public final class EvolutionModule implements ChannelDescriptor {
    public static final EvolutionModule DESCRIPTOR = new EvolutionModule(null);
    /** The account setting naming the Evolution server, when not the deployment's default. */
    public static final String SERVER_URL = "server_url";
    /** The account setting holding the token Evolution sends with its webhooks. */
    public static final String WEBHOOK_TOKEN = "webhook_token";

    /** The configured channel whose host policy checks {@code server_url} on registration; null for the bare descriptor. */
    private final EvolutionChannel channel;

    private EvolutionModule(EvolutionChannel channel) {
        this.channel = channel;
    }

    public static ChannelModule create(EvolutionConfig config) {
        EvolutionChannel channel = new EvolutionChannel(config);
        return new ChannelModule(new EvolutionModule(channel), channel);
    }

    /** Refuses a {@code server_url} the deployment may not call (internal addresses not allowed by EVOLUTION_ALLOWED_HOSTS). */
    @Override
    public AccountDraft prepare(AccountDraft draft) {
        String serverUrl = draft.value(SERVER_URL);
        if (channel != null && serverUrl != null && !serverUrl.isBlank()) channel.validateServerUrl(serverUrl);
        return draft;
    }

    @Override
    public String type() {
        return "whatsapp";
    }

    @Override
    public String provider() {
        return "evolution";
    }

    @Override
    public List<RegistrationField> registrationFields() {
        return List.of(WhatsAppNumbers.FIELD,
                RegistrationField.required(RegistrationField.ACCESS_TOKEN, "the instance's API key"),
                RegistrationField.optional(RegistrationField.DISPLAY_NAME, "a name to show operators"),
                RegistrationField.optional(SERVER_URL, "the Evolution API server, when not the deployment's EVOLUTION_API_URL"),
                RegistrationField.optional(WEBHOOK_TOKEN, "the token Evolution sends with its webhooks"));
    }

    @Override
    public List<WebhookRoute> webhookRoutes() {
        // the same webhook under seeds 004's and 003's paths too
        return List.of(WebhookRoute.handshake("/webhooks/evolution"), WebhookRoute.receive("/webhooks/evolution"),
                WebhookRoute.receive("/api/webhooks/evolution"), WebhookRoute.receive("/api/webhooks/whatsapp/evolution"));
    }
}
