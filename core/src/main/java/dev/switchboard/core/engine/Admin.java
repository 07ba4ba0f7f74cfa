package dev.switchboard.core.engine;

import dev.switchboard.core.channel.ConnectionManagement;
import dev.switchboard.core.channel.ConnectionState;
import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.DeliveryStatus;
import dev.switchboard.core.domain.Sender;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.domain.Tenant;
import dev.switchboard.core.store.ConversationQuery;
import dev.switchboard.core.store.MessageQuery;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.ConflictException;
import dev.switchboard.core.support.Fields;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.support.NotFoundException;
import dev.switchboard.core.support.Phones;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The administration use cases behind seed 001's REST API. Input arrives as decoded JSON objects
 * (snake_case field names as in seed 001) and is validated here, so every runner rejects bad input
 * with the same field-naming message. Every call is scoped to a tenant: another tenant's record is
 * reported as not found.
 */
public final class Admin {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._:@+-]{1,100}$");
    private static final Set<String> API_MODES = Set.of("responses", "chat_completions");
    private static final long MAX_DEBOUNCE_MS = 600_000;

    private final Stores stores;
    private final ChannelRegistry channels;
    private final Clock clock;
    private final Ids ids;
    private final WorkQueue queue;
    private final Directory directory;

    Admin(Stores stores, ChannelRegistry channels, Clock clock, Ids ids, WorkQueue queue, Directory directory) {
        this.stores = stores;
        this.channels = channels;
        this.clock = clock;
        this.ids = ids;
        this.queue = queue;
        this.directory = directory;
    }

    // ---- tenants (seed 001: users) ----

    public Tenant createTenant(Map<String, Object> body) {
        Fields f = new Fields(body);
        String id = f.string("user_id", false);
        if (id != null && !ID.matcher(id).matches()) throw new InvalidInputException("user_id", "may only hold letters, digits and . _ : @ + -");
        String email = f.string("email", true);
        if (!EMAIL.matcher(email).matches()) throw new InvalidInputException("email", "not an e-mail address");
        String policy = f.string("credit_policy", false);
        CreditPolicy creditPolicy = policy == null ? CreditPolicy.PER_REPLY : CreditPolicy.fromWire(policy)
                .orElseThrow(() -> new InvalidInputException("credit_policy", "must be per_reply or per_1k_tokens"));
        Tenant t = new Tenant(id != null ? id : ids.next("usr"), email, f.string("company_name", false), creditPolicy, clock.instant());
        return stores.tenants().create(t);
    }

    public Tenant tenant(String tenantId) {
        return stores.tenants().find(tenantId).orElseThrow(() -> new NotFoundException("user", tenantId));
    }

    // ---- channel accounts (seed 001: phone_numbers) ----

    public ChannelAccount addAccount(String tenantId, Map<String, Object> body) {
        tenant(tenantId);
        Fields f = new Fields(body);
        String type = f.string("type", true);
        String provider = f.string("provider", false);
        if (provider == null) {
            provider = "whatsapp".equals(type) ? "cloud" : channels.defaultProvider(type).orElse(null);
        }
        if (provider == null || channels.find(type, provider).isEmpty()) {
            String known = channels.all().stream().map(c -> c.channel() + (c.provider().equals("cloud") ? "" : "/" + c.provider())).toList().toString();
            throw new InvalidInputException(provider == null || channels.defaultProvider(type).isEmpty() ? "type" : "provider",
                    "no channel " + type + (provider == null ? "" : "/" + provider) + " on this server (known: " + known + ")");
        }
        String id = f.string("phone_number_id", true);
        if (!ID.matcher(id).matches()) throw new InvalidInputException("phone_number_id", "may only hold letters, digits and . _ : @ + -");
        String number = f.string("external_number", false);
        if ("whatsapp".equals(type)) {
            if (number == null) throw new InvalidInputException("external_number", "is required for whatsapp");
            String e164 = Phones.e164OrNull(number);
            if (e164 == null) throw new InvalidInputException("external_number", "not a phone number in international format (+5511…)");
            number = e164;
        }
        String token = f.string("access_token", !"webchat".equals(type));
        Map<String, String> settings = new HashMap<>();
        for (String key : List.of("server_url", "webhook_token")) {
            String v = f.string(key, false);
            if (v != null) settings.put(key, v);
        }
        List<String> origins = f.strings("allowed_origins"); // web chat: the sites the widget may be embedded in
        if (origins != null && !origins.isEmpty()) settings.put("allowed_origins", String.join(" ", origins));
        ChannelAccount account = new ChannelAccount(id, tenantId, type, provider, number, Secret.of(token),
                f.string("display_name", false), settings, clock.instant());
        ChannelAccount created = stores.accounts().create(account);
        directory.invalidate();
        return created;
    }

    public List<ChannelAccount> accounts(String tenantId) {
        tenant(tenantId);
        return stores.accounts().list(tenantId);
    }

    public ChannelAccount account(String tenantId, String accountId) {
        return stores.accounts().find(accountId).filter(a -> a.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("phone number", accountId));
    }

    /** Removes the account; its agent is unlinked and its open conversations archived. */
    public void deleteAccount(String tenantId, String accountId) {
        account(tenantId, accountId);
        stores.agents().findByChannelAccount(accountId).ifPresent(a -> {
            stores.conversations().archiveOpen(accountId, a.id(), null);
            stores.agents().update(withAccount(a, null));
        });
        stores.accounts().delete(accountId);
        directory.invalidate();
    }

    /** The account's link with its provider (Evolution: the WhatsApp session on the operator's phone). */
    public ConnectionState connectionState(String tenantId, String accountId) {
        ChannelAccount a = account(tenantId, accountId);
        return managed(a).state(a);
    }

    /** Starts linking the account; the answer carries the QR code or pairing code to finish with. */
    public ConnectionState connect(String tenantId, String accountId) {
        ChannelAccount a = account(tenantId, accountId);
        return managed(a).connect(a);
    }

    public void disconnect(String tenantId, String accountId) {
        ChannelAccount a = account(tenantId, accountId);
        managed(a).disconnect(a);
    }

    private ConnectionManagement managed(ChannelAccount a) {
        if (channels.forAccount(a) instanceof ConnectionManagement m) return m;
        throw new InvalidInputException("phone_number_id", "the " + a.channel() + "/" + a.provider()
                + " channel has no connection to manage (only self-hosted gateways such as Evolution do)");
    }

    // ---- agents ----

    public Agent createAgent(String tenantId, Map<String, Object> body) {
        tenant(tenantId);
        Fields f = new Fields(body);
        Instant now = clock.instant();
        Agent draft = new Agent(ids.next("agt"), tenantId, null, f.string("name", true), null, null, null, null, null, null,
                Agent.DEFAULT_DEBOUNCE_MS, null, true, null, Map.of(), now, now);
        Agent agent = apply(tenantId, draft, f);
        if (agent.promptId() == null && agent.instructions() == null) {
            throw new InvalidInputException("prompt_id", "either prompt_id or instructions is required");
        }
        if (agent.channelAccountId() != null) checkAccountFree(agent);
        Agent created = stores.agents().create(agent);
        directory.invalidate();
        if (created.channelAccountId() != null) stores.conversations().archiveOpen(created.channelAccountId(), null, created.id());
        return created;
    }

    public Agent agent(String tenantId, String agentId) {
        return stores.agents().find(agentId).filter(a -> a.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("agent", agentId));
    }

    public List<Agent> agents(String tenantId) {
        tenant(tenantId);
        return stores.agents().list(tenantId);
    }

    /** Applies the fields present in {@code body}; relinking the agent to another number archives that number's open conversations. */
    public Agent updateAgent(String tenantId, String agentId, Map<String, Object> body) {
        Agent current = agent(tenantId, agentId);
        Fields f = new Fields(body);
        Agent updated = apply(tenantId, current, f);
        if (f.has("name") && updated.name() == null) throw new InvalidInputException("name", "must not be blank");
        if (updated.promptId() == null && updated.instructions() == null) {
            throw new InvalidInputException("prompt_id", "either prompt_id or instructions is required");
        }
        boolean relinked = !java.util.Objects.equals(current.channelAccountId(), updated.channelAccountId());
        if (relinked && updated.channelAccountId() != null) checkAccountFree(updated);
        Agent saved = stores.agents().update(updated);
        directory.invalidate();
        if (relinked) {
            if (current.channelAccountId() != null) stores.conversations().archiveOpen(current.channelAccountId(), current.id(), null);
            if (saved.channelAccountId() != null) stores.conversations().archiveOpen(saved.channelAccountId(), null, saved.id());
        }
        return saved;
    }

    public void deleteAgent(String tenantId, String agentId) {
        Agent a = agent(tenantId, agentId);
        if (a.channelAccountId() != null) stores.conversations().archiveOpen(a.channelAccountId(), a.id(), null);
        stores.agents().delete(agentId);
        directory.invalidate();
    }

    private void checkAccountFree(Agent agent) {
        stores.agents().findByChannelAccount(agent.channelAccountId())
                .filter(other -> !other.id().equals(agent.id()))
                .ifPresent(other -> {
                    throw new ConflictException("phone number " + agent.channelAccountId() + " already has an agent (" + other.id() + ")");
                });
    }

    private Agent apply(String tenantId, Agent a, Fields f) {
        String account = a.channelAccountId();
        if (f.has("phone_number_id")) {
            account = f.string("phone_number_id", false);
            if (account != null) account(tenantId, account);
        }
        String name = f.has("name") ? f.string("name", false) : a.name();
        String promptId = f.has("prompt_id") ? f.string("prompt_id", false) : a.promptId();
        String promptVersion = f.has("prompt_version") ? f.string("prompt_version", false) : a.promptVersion();
        String instructions = f.has("instructions") ? f.string("instructions", false) : a.instructions();
        String model = f.has("model") ? f.string("model", false) : a.model();
        String greeting = f.has("greeting") ? f.string("greeting", false) : a.greeting();
        String fallback = f.has("fallback_reply") ? f.string("fallback_reply", false) : a.fallbackReply();
        Long debounce = f.integer("debounce_ms", 0, MAX_DEBOUNCE_MS);
        Set<String> tools = a.tools();
        List<String> toolList = f.strings("tools");
        if (toolList != null) {
            for (String t : toolList) {
                if (!Agent.DEFAULT_TOOLS.contains(t)) throw new InvalidInputException("tools", "unknown tool " + t + " (known: " + Agent.DEFAULT_TOOLS + ")");
            }
            tools = new LinkedHashSet<>(toolList);
        }
        Boolean pause = f.bool("pause_on_human_reply");
        Long extraction = f.has("extraction_interval_ms") ? f.integer("extraction_interval_ms", 1000, 7L * 24 * 3600 * 1000) : a.extractionIntervalMs();
        Map<String, String> settings = new HashMap<>(a.settings());
        String api = f.string("api", false);
        if (api != null) {
            if (!API_MODES.contains(api)) throw new InvalidInputException("api", "must be one of " + API_MODES);
            settings.put("api", api);
        }
        Boolean markRead = f.bool("mark_read");
        if (markRead != null) settings.put("mark_read", markRead.toString());
        return new Agent(a.id(), a.tenantId(), account, name, promptId, promptVersion, instructions, model, greeting, fallback,
                debounce != null ? debounce : a.debounceMs(), tools, pause != null ? pause : a.pauseOnHumanReply(), extraction,
                settings, a.createdAt(), clock.instant());
    }

    private Agent withAccount(Agent a, String accountId) {
        return new Agent(a.id(), a.tenantId(), accountId, a.name(), a.promptId(), a.promptVersion(), a.instructions(), a.model(),
                a.greeting(), a.fallbackReply(), a.debounceMs(), a.tools(), a.pauseOnHumanReply(), a.extractionIntervalMs(),
                a.settings(), a.createdAt(), clock.instant());
    }

    // ---- credits ----

    public long addCredits(String tenantId, Map<String, Object> body) {
        tenant(tenantId);
        Long amount = new Fields(body).integer("amount", 1, 1_000_000_000L);
        if (amount == null) throw new InvalidInputException("amount", "is required");
        return stores.credits().add(tenantId, amount, "topup", "api");
    }

    public long credits(String tenantId) {
        tenant(tenantId);
        return stores.credits().balance(tenantId);
    }

    // ---- conversations, messages, extractions ----

    public List<Message> messages(String tenantId, MessageQuery query) {
        tenant(tenantId);
        return stores.conversations().messages(tenantId, query);
    }

    public List<Conversation> conversations(String tenantId, ConversationQuery query) {
        tenant(tenantId);
        return stores.conversations().list(tenantId, query);
    }

    public Conversation conversation(String tenantId, String conversationId) {
        return stores.conversations().find(conversationId).filter(c -> c.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("conversation", conversationId));
    }

    /** An operator pauses the bot ("paused"), hands the conversation back ("active") or closes it ("resolved"). */
    public Conversation setConversationStatus(String tenantId, String conversationId, Map<String, Object> body) {
        Conversation c = conversation(tenantId, conversationId);
        String value = new Fields(body).string("status", true);
        ConversationStatus status = ConversationStatus.fromWire(value)
                .filter(s -> s == ConversationStatus.ACTIVE || s == ConversationStatus.PAUSED || s == ConversationStatus.RESOLVED)
                .orElseThrow(() -> new InvalidInputException("status", "must be active, paused or resolved"));
        if (!c.status().open()) throw new ConflictException("conversation " + conversationId + " is " + c.status().wire() + " and cannot change");
        stores.conversations().setStatus(conversationId, status, "set by operator");
        return conversation(tenantId, conversationId);
    }

    /**
     * An operator writes to the customer: text, media by link, or a template (the one thing
     * WhatsApp lets a business send once the 24-hour window has closed). The message is stored as
     * pending from a human and sent by the conversation's worker, in order with the bot's replies.
     * It pauses the bot when the agent says so ({@code pause_on_human_reply}, the default), so the
     * operator keeps the conversation.
     */
    public Message sendOperatorMessage(String tenantId, String conversationId, Map<String, Object> body) {
        Conversation c = conversation(tenantId, conversationId);
        NewOutbound outbound = OutboundContents.operator(new Fields(body));
        if (!c.status().open()) throw new ConflictException("conversation " + conversationId + " is " + c.status().wire());
        Message m = stores.conversations().appendOutbound(conversationId, outbound);
        boolean pause = stores.agents().find(c.agentId()).map(Agent::pauseOnHumanReply).orElse(true);
        if (pause && c.status() == ConversationStatus.ACTIVE) {
            stores.conversations().setStatus(conversationId, ConversationStatus.PAUSED, "an operator took over");
        }
        queue.submit(Task.turn(conversationId));
        return m;
    }

    public List<Extraction> extractions(String tenantId, String conversationId, int limit, int offset) {
        tenant(tenantId);
        return stores.extractions().list(tenantId, conversationId, limit, offset);
    }
}
