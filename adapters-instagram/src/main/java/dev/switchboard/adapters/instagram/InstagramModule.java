package dev.switchboard.adapters.instagram;

import dev.switchboard.adapters.meta.MetaObject;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.channel.WebhookRoute;
import java.util.List;

/**
 * Instagram Direct through the Graph API as a channel module: an account needs its access token;
 * webhooks on {@code /webhooks/instagram} (and Meta's shared {@code /webhook/meta} for
 * {@code instagram} deliveries), with the subscription handshake on GET.
 */
public final class InstagramModule implements ChannelDescriptor {
    public static final InstagramModule DESCRIPTOR = new InstagramModule();

    private InstagramModule() {}

    public static ChannelModule create(InstagramConfig config) {
        return new ChannelModule(DESCRIPTOR, new InstagramChannel(config));
    }

    @Override
    public String type() {
        return "instagram";
    }

    @Override
    public String provider() {
        return "graph";
    }

    @Override
    public boolean defaultProvider() {
        return true;
    }

    @Override
    public List<RegistrationField> registrationFields() {
        return List.of(RegistrationField.required(RegistrationField.ACCESS_TOKEN, "the Instagram account's access token"),
                RegistrationField.optional(RegistrationField.EXTERNAL_NUMBER, "the account's user name"),
                RegistrationField.optional(RegistrationField.DISPLAY_NAME, "a name to show operators"));
    }

    @Override
    public List<WebhookRoute> webhookRoutes() {
        return List.of(WebhookRoute.handshake("/webhooks/instagram"), WebhookRoute.receive("/webhooks/instagram"),
                WebhookRoute.receive("/webhook/meta").when(r -> MetaObject.is(r, "instagram")));
    }
}
