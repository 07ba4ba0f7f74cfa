package dev.switchboard.core.channel;

import dev.switchboard.core.domain.Secret;
import java.util.HashMap;
import java.util.Map;

/**
 * An account about to be registered, as a {@link ChannelDescriptor#prepare} hook sees it. Any
 * field may be null until the descriptor's fields are checked.
 */
public record AccountDraft(String type, String provider, String accountId, String externalNumber, Secret accessToken,
        String displayName, Map<String, String> settings) {

    public AccountDraft {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A field's value by {@link RegistrationField#name()}: one of the account's own fields or a setting. */
    public String value(String field) {
        return switch (field) {
            case RegistrationField.EXTERNAL_NUMBER -> externalNumber;
            case RegistrationField.ACCESS_TOKEN -> accessToken == null ? null : accessToken.value();
            case RegistrationField.DISPLAY_NAME -> displayName;
            default -> settings.get(field);
        };
    }

    /** This draft with one field set (null removes a setting). */
    public AccountDraft with(String field, String value) {
        return switch (field) {
            case RegistrationField.EXTERNAL_NUMBER -> new AccountDraft(type, provider, accountId, value, accessToken, displayName, settings);
            case RegistrationField.ACCESS_TOKEN -> new AccountDraft(type, provider, accountId, externalNumber, Secret.of(value), displayName, settings);
            case RegistrationField.DISPLAY_NAME -> new AccountDraft(type, provider, accountId, externalNumber, accessToken, value, settings);
            default -> {
                Map<String, String> s = new HashMap<>(settings);
                if (value == null) s.remove(field);
                else s.put(field, value);
                yield new AccountDraft(type, provider, accountId, externalNumber, accessToken, displayName, s);
            }
        };
    }

    public AccountDraft withAccountId(String id) {
        return new AccountDraft(type, provider, id, externalNumber, accessToken, displayName, settings);
    }
}
