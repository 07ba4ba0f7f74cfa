package dev.switchboard.core.channel;

import dev.switchboard.core.domain.ChannelAccount;
import java.util.List;
import java.util.Map;

/**
 * What a channel adapter declares about itself so that neither core nor the runners hold a list of
 * channels: its type (the channel family stored on contacts) and provider, the fields an account
 * of it is registered with, the webhook routes it serves, and optional hooks around registration.
 *
 * <p>Implementations are immutable and thread-safe. The hooks run on the caller's thread during an
 * admin call; a hook that calls the provider may throw {@link dev.switchboard.core.support.InvalidInputException}
 * (naming the field at fault) to refuse the registration, or any other unchecked exception for a
 * provider failure.
 */
public interface ChannelDescriptor {

    /** The channel family ("the type" of an account), as stored on accounts and contacts. */
    String type();

    /** Which integration serves the family. */
    String provider();

    /** Whether an account registered with this type and no provider gets this provider. */
    default boolean defaultProvider() {
        return false;
    }

    /** The registration fields this provider reads, in the order they are checked. */
    default List<RegistrationField> registrationFields() {
        return List.of(RegistrationField.required(RegistrationField.ACCESS_TOKEN, "the provider's access token"));
    }

    /** The HTTP routes the runner serves for this provider's webhooks and handshakes. */
    default List<WebhookRoute> webhookRoutes() {
        return List.of();
    }

    /**
     * Before the fields are checked: may call the provider and fill or override fields of the
     * draft (an account id the provider assigns, a display name). Returns the draft to register.
     */
    default AccountDraft prepare(AccountDraft draft) {
        return draft;
    }

    /**
     * After the account is stored: may tell the provider about it (register a webhook) and
     * returns details for the caller's answer (empty when there is nothing to say).
     */
    default Map<String, String> registered(ChannelAccount account, RegistrationContext context) {
        return Map.of();
    }

    /** After the account is deleted: may tell the provider (remove a webhook). Failures are the caller's to log. */
    default void deleted(ChannelAccount account) {}

    /** A descriptor with the defaults: an access token required, no routes, no hooks. */
    static ChannelDescriptor basic(String type, String provider) {
        return new ChannelDescriptor() {
            public String type() { return type; }
            public String provider() { return provider; }
        };
    }
}
