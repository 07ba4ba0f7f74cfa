package dev.switchboard.adapters.whatsapp;

import dev.switchboard.adapters.meta.MetaObject;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.channel.WebhookRoute;
import java.util.List;

/**
 * WhatsApp Cloud API as a channel module: the family's default provider; an account needs its
 * number (E.164) and an access token; webhooks on {@code /webhooks/whatsapp} (and Meta's shared
 * {@code /webhook/meta} for {@code whatsapp_business_account} deliveries), with the subscription
 * handshake on GET.
 */
public final class WhatsAppCloudModule implements ChannelDescriptor {
    public static final WhatsAppCloudModule DESCRIPTOR = new WhatsAppCloudModule();

    private WhatsAppCloudModule() {}

    public static ChannelModule create(WhatsAppCloudConfig config) {
        return new ChannelModule(DESCRIPTOR, new WhatsAppCloudChannel(config));
    }

    @Override
    public String type() {
        return "whatsapp";
    }

    @Override
    public String provider() {
        return "cloud";
    }

    @Override
    public boolean defaultProvider() {
        return true;
    }

    @Override
    public List<RegistrationField> registrationFields() {
        return List.of(WhatsAppNumbers.FIELD,
                RegistrationField.required(RegistrationField.ACCESS_TOKEN, "a system user's access token for the Cloud API"),
                RegistrationField.optional(RegistrationField.DISPLAY_NAME, "a name to show operators"));
    }

    @Override
    public List<WebhookRoute> webhookRoutes() {
        return List.of(WebhookRoute.handshake("/webhooks/whatsapp"), WebhookRoute.receive("/webhooks/whatsapp"),
                WebhookRoute.handshake("/webhook/meta"),
                WebhookRoute.receive("/webhook/meta").when(r -> MetaObject.is(r, "whatsapp_business_account")));
    }
}
