package dev.switchboard.core.usecase;

import dev.switchboard.core.channel.AccountDraft;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ConnectionManagement;
import dev.switchboard.core.channel.ConnectionState;
import dev.switchboard.core.channel.RegistrationContext;
import dev.switchboard.core.channel.RegistrationField;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.engine.ChannelRegistry;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import java.time.Clock;
import java.util.List;

/**
 * A tenant's channel accounts (a phone number, an Instagram account, a bot…). Each channel's
 * descriptor says which fields it needs; every call is scoped to the tenant. Built by the engine.
 */
public final class ChannelAccounts {
    private final Stores stores;
    private final ChannelRegistry channels;
    private final Clock clock;
    private final Runnable changed;
    private final Tenants tenants;
    private final RegistrationContext context;

    /** @param changed called after every write, so cached lookups are dropped */
    public ChannelAccounts(Stores stores, ChannelRegistry channels, Clock clock, Runnable changed, Tenants tenants,
            RegistrationContext context) {
        this.stores = stores;
        this.channels = channels;
        this.clock = clock;
        this.changed = changed;
        this.tenants = tenants;
        this.context = context;
    }

    /**
     * Checks the command against the channel's descriptor (after its {@code prepare} hook), stores
     * the account and runs the descriptor's {@code registered} hook.
     *
     * @throws InvalidInputException for an unknown type or provider, or a field the channel refuses
     * @throws dev.switchboard.core.support.ConflictException when the account id is taken
     */
    public RegisteredAccount register(String tenantId, RegisterChannelAccount command) {
        tenants.get(tenantId);
        String type = command.type();
        String provider = command.provider() != null ? command.provider() : channels.defaultProvider(type).orElse(null);
        ChannelDescriptor descriptor = provider == null ? null : channels.descriptor(type, provider).orElse(null);
        if (descriptor == null) {
            String known = channels.descriptors().stream().map(d -> d.provider().equals(channels.defaultProvider(d.type()).orElse(null))
                    ? d.type() : d.type() + "/" + d.provider()).toList().toString();
            throw new InvalidInputException(provider == null || channels.defaultProvider(type).isEmpty() ? "type" : "provider",
                    "no channel " + type + (provider == null ? "" : "/" + provider) + " on this server (known: " + known + ")");
        }
        AccountDraft draft = descriptor.prepare(command.draft(provider));
        String id = Checks.id("accountId", Checks.required("accountId", draft.accountId()));
        for (RegistrationField field : descriptor.registrationFields()) {
            String value = Checks.optional(draft.value(field.name()));
            if (value == null) {
                if (field.required()) throw new InvalidInputException(field.name(), "is required for " + type);
                continue;
            }
            draft = draft.with(field.name(), field.check().normalise(field.name(), value));
        }
        ChannelAccount created = stores.accounts().create(new ChannelAccount(id, tenantId, type, provider, draft.externalNumber(),
                draft.accessToken(), draft.displayName(), draft.settings(), clock.instant()));
        changed.run();
        return new RegisteredAccount(created, descriptor.registered(created, context));
    }

    public List<ChannelAccount> list(String tenantId) {
        tenants.get(tenantId);
        return stores.accounts().list(tenantId);
    }

    /** @throws NotFoundException when the tenant has no such account */
    public ChannelAccount get(String tenantId, String accountId) {
        return stores.accounts().find(accountId).filter(a -> a.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("phone number", accountId));
    }

    /** Removes the account; its agent is unlinked, its open conversations archived, and its channel told. */
    public void delete(String tenantId, String accountId) {
        ChannelAccount account = get(tenantId, accountId);
        stores.agents().findByChannelAccount(accountId).ifPresent(a -> {
            stores.conversations().archiveOpen(accountId, a.id(), null);
            stores.agents().update(unlinked(a));
        });
        stores.accounts().delete(accountId);
        changed.run();
        channels.descriptor(account.channel(), account.provider()).ifPresent(d -> d.deleted(account));
    }

    /** The account's link with its provider (a self-hosted gateway's session on the operator's phone). */
    public ConnectionState connectionState(String tenantId, String accountId) {
        ChannelAccount a = get(tenantId, accountId);
        return managed(a).state(a);
    }

    /** Starts linking the account; the answer carries the QR code or pairing code to finish with. */
    public ConnectionState connect(String tenantId, String accountId) {
        ChannelAccount a = get(tenantId, accountId);
        return managed(a).connect(a);
    }

    /**
     * As {@link #connect(String, String)}, with a pairing code for {@code pairingNumber} (any phone
     * notation; null for the account's own number).
     *
     * @throws InvalidInputException naming {@code pairingNumber} when it is not a phone number
     */
    public ConnectionState connect(String tenantId, String accountId, String pairingNumber) {
        if (pairingNumber == null) return connect(tenantId, accountId);
        String e164 = dev.switchboard.core.support.Phones.e164OrNull(pairingNumber);
        if (e164 == null) throw new InvalidInputException("number", "is not a phone number (E.164, such as +5511988887777)");
        ChannelAccount a = get(tenantId, accountId);
        return managed(a).connect(a, e164);
    }

    public void disconnect(String tenantId, String accountId) {
        ChannelAccount a = get(tenantId, accountId);
        managed(a).disconnect(a);
    }

    private ConnectionManagement managed(ChannelAccount a) {
        if (channels.forAccount(a) instanceof ConnectionManagement m) return m;
        throw new InvalidInputException("accountId", "the " + a.channel() + "/" + a.provider()
                + " channel has no connection to manage (only self-hosted gateways do)");
    }

    private Agent unlinked(Agent a) {
        return new Agent(a.id(), a.tenantId(), null, a.name(), a.promptId(), a.promptVersion(), a.instructions(), a.model(),
                a.greeting(), a.fallbackReply(), a.debounceMs(), a.tools(), a.pauseOnHumanReply(), a.extractionIntervalMs(),
                a.settings(), a.createdAt(), clock.instant());
    }

}
