package dev.switchboard.core.usecase;

import dev.switchboard.core.channel.AccountDraft;
import dev.switchboard.core.domain.Secret;
import java.util.HashMap;
import java.util.Map;

/**
 * Registers a channel account. Which of the other fields are required, and how they are checked,
 * is up to the channel's {@link dev.switchboard.core.channel.ChannelDescriptor}.
 *
 * @param type      the channel family (required)
 * @param provider  null for the family's default provider
 * @param accountId the provider's id for the account; null only when the channel fills it in
 * @param settings  provider settings by the names the descriptor declares
 */
public record RegisterChannelAccount(String type, String provider, String accountId, String externalNumber, String accessToken,
        String displayName, Map<String, String> settings) {

    public RegisterChannelAccount {
        type = Checks.maxLength("type", Checks.required("type", type), Limits.ID);
        provider = Checks.maxLength("provider", Checks.optional(provider), Limits.ID);
        accountId = Checks.id("accountId", Checks.optional(accountId));
        externalNumber = Checks.maxLength("externalNumber", Checks.optional(externalNumber), Limits.ID);
        accessToken = Checks.maxLength("accessToken", Checks.optional(accessToken), Limits.SHORT_TEXT);
        displayName = Checks.maxLength("displayName", Checks.optional(displayName), Limits.NAME);
        Map<String, String> s = new HashMap<>();
        if (settings != null) settings.forEach((k, v) -> {
            if (k != null && Checks.optional(v) != null) {
                s.put(Checks.maxLength("settings", k, Limits.ID), Checks.maxLength("settings." + k, v.trim(), Limits.DEFAULT));
            }
        });
        settings = Map.copyOf(s);
    }

    /** An account of the family's default provider with an access token and no other field. */
    public static RegisterChannelAccount of(String type, String accountId, String accessToken) {
        return new RegisterChannelAccount(type, null, accountId, null, accessToken, null, Map.of());
    }

    public RegisterChannelAccount withExternalNumber(String number) {
        return new RegisterChannelAccount(type, provider, accountId, number, accessToken, displayName, settings);
    }

    public RegisterChannelAccount withProvider(String name) {
        return new RegisterChannelAccount(type, name, accountId, externalNumber, accessToken, displayName, settings);
    }

    AccountDraft draft(String resolvedProvider) {
        return new AccountDraft(type, resolvedProvider, accountId, externalNumber, Secret.of(accessToken), displayName, settings);
    }
}
