package dev.switchboard.runner.http;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.domain.MediaRef;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Domain records as the REST API shows them: snake_case fields as in seed 001. Access tokens and
 * secret settings are masked; nothing here ever returns one in clear.
 */
final class JsonViews {
    private JsonViews() {}

    static Map<String, Object> tenant(Tenant t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", t.id());
        m.put("email", t.email());
        m.put("company_name", t.companyName());
        m.put("credit_policy", t.creditPolicy().wire());
        m.put("created_at", t.createdAt());
        return m;
    }

    static Map<String, Object> account(ChannelAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phone_number_id", a.id());
        m.put("user_id", a.tenantId());
        m.put("type", a.channel());
        m.put("provider", a.provider());
        m.put("external_number", a.externalNumber());
        m.put("access_token", a.accessToken() == null ? null : a.accessToken().masked());
        m.put("display_name", a.displayName());
        Map<String, Object> settings = new TreeMap<>();
        a.settings().forEach((k, v) -> settings.put(k, k.endsWith("_token") || k.endsWith("_secret") ? "****" : v));
        m.put("settings", settings);
        m.put("created_at", a.createdAt());
        return m;
    }

    static Map<String, Object> agent(Agent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent_id", a.id());
        m.put("user_id", a.tenantId());
        m.put("phone_number_id", a.channelAccountId());
        m.put("name", a.name());
        m.put("prompt_id", a.promptId());
        m.put("prompt_version", a.promptVersion());
        m.put("instructions", a.instructions());
        m.put("model", a.model());
        m.put("greeting", a.greeting());
        m.put("fallback_reply", a.fallbackReply());
        m.put("debounce_ms", a.debounceMs());
        m.put("tools", a.tools().stream().sorted().toList());
        m.put("pause_on_human_reply", a.pauseOnHumanReply());
        m.put("extraction_interval_ms", a.extractionIntervalMs());
        m.put("api", a.setting("api"));
        m.put("mark_read", a.setting("mark_read") == null ? null : Boolean.valueOf(a.setting("mark_read")));
        m.put("created_at", a.createdAt());
        m.put("updated_at", a.updatedAt());
        return m;
    }

    static Map<String, Object> conversation(Conversation c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conversation_id", c.id());
        m.put("agent_id", c.agentId());
        m.put("phone_number_id", c.channelAccountId());
        m.put("contact_id", c.contactId());
        m.put("channel", c.channel());
        m.put("status", c.status().wire());
        m.put("status_reason", c.statusReason());
        m.put("recipient_blocked", c.recipientBlocked());
        m.put("openai_conversation_id", c.modelConversationId());
        m.put("message_count", c.lastSeq());
        m.put("last_inbound_at", c.lastInboundAt());
        m.put("last_message_at", c.lastMessageAt());
        m.put("created_at", c.createdAt());
        return m;
    }

    static Map<String, Object> message(Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_id", msg.id());
        m.put("conversation_id", msg.conversationId());
        m.put("phone_number_id", msg.channelAccountId());
        m.put("sequence_no", msg.seq());
        m.put("direction", msg.direction().name().toLowerCase());
        m.put("sender", msg.sender().name().toLowerCase());
        m.put("type", msg.type());
        m.put("text", msg.text());
        m.put("media", media(msg.media()));
        m.put("external_id", msg.externalId());
        m.put("status", msg.status().wire());
        m.put("attempts", msg.attempts());
        m.put("error_code", msg.errorCode());
        m.put("last_error", msg.lastError());
        if (msg.usage() != null) {
            m.put("usage", Map.of("input_tokens", msg.usage().inputTokens(), "output_tokens", msg.usage().outputTokens(),
                    "total_tokens", msg.usage().totalTokens()));
        }
        m.put("timestamp", msg.createdAt());
        m.put("updated_at", msg.updatedAt());
        return m;
    }

    private static Map<String, Object> media(MediaRef media) {
        if (media == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", media.id());
        m.put("url", media.url());
        m.put("mime_type", media.mimeType());
        m.put("filename", media.filename());
        m.put("stored_path", media.storedPath());
        return m;
    }

    static Map<String, Object> extraction(Extraction e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("extraction_id", e.id());
        m.put("conversation_id", e.conversationId());
        m.put("name", e.name());
        m.put("email", e.email());
        m.put("company", e.company());
        m.put("intent", e.intent());
        m.put("urgency", e.urgency());
        m.put("budget", e.budget());
        m.put("fit", e.fit());
        m.put("engagement", e.engagement());
        m.put("demo_datetime", e.demoDatetime());
        m.put("smart_notification", e.smartNotification());
        m.put("extracted_at", e.extractedAt());
        return m;
    }

    static <T> java.util.List<Map<String, Object>> list(Iterable<T> items, java.util.function.Function<T, Map<String, Object>> view) {
        var out = new ArrayList<Map<String, Object>>();
        items.forEach(i -> out.add(view.apply(i)));
        return out;
    }

    /** A contact as issue 11's contract shows it (without its conversations). */
    static Map<String, Object> contact(dev.switchboard.core.store.ContactEntry e) {
        return contact(e.contact(), e.lastMessageAt());
    }

    static Map<String, Object> contact(dev.switchboard.core.domain.ContactSession c, java.time.Instant lastMessageAt) {
        if (c == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contact_id", c.id());
        m.put("channel", c.channel());
        m.put("channel_user_id", c.channelUserId());
        m.put("phone", c.phoneE164());
        m.put("name", c.displayName());
        m.put("email", c.email());
        m.put("created_at", c.createdAt());
        m.put("last_message_at", lastMessageAt);
        return m;
    }

    /** A contact with its conversations ({@code GET /users/{u}/contacts/{contact_id}}). */
    static Map<String, Object> contactDetail(dev.switchboard.core.usecase.ContactDetail d) {
        Map<String, Object> m = contact(d.entry());
        m.put("conversations", list(d.conversations(), JsonViews::conversationView));
        return m;
    }

    /** {@link #conversation} plus what an inbox shows: contact, last message, who answers, the service window. */
    static Map<String, Object> conversationView(dev.switchboard.core.usecase.ConversationView v) {
        Conversation c = v.conversation();
        Map<String, Object> m = conversation(c);
        m.put("contact", contact(v.contact(), v.contactLastMessageAt()));
        m.put("last_message", lastMessage(v.lastMessage()));
        m.put("awaiting_reply", v.awaitingReply());
        m.put("handled_by", v.handledByHuman() ? "human" : "bot");
        m.put("customer_phone", v.contact() == null ? null : v.contact().phoneE164());
        m.put("is_active", v.active());
        m.put("window_open_until", v.windowOpenUntil());
        return m;
    }

    private static Map<String, Object> lastMessage(Message msg) {
        if (msg == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_id", msg.id());
        m.put("text", msg.text());
        m.put("type", msg.type());
        m.put("direction", msg.direction().name().toLowerCase());
        m.put("sender", msg.sender().name().toLowerCase());
        m.put("status", msg.status().wire());
        m.put("created_at", msg.createdAt());
        return m;
    }
}
