package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.ChannelAccount;
import java.util.Map;

/** A registered account and what its channel had to say about the registration (a webhook set…). */
public record RegisteredAccount(ChannelAccount account, Map<String, String> details) {
    public RegisteredAccount {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
