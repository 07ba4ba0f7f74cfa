package dev.switchboard.runner.http;

import dev.switchboard.core.domain.ConversationStatus;
import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.model.ModelApi;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.SendOperatorMessage;
import dev.switchboard.core.usecase.SetConversationStatus;
import dev.switchboard.core.usecase.UpdateAgent;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Seed 001's request bodies (snake_case JSON) as the engine's commands. */
final class AdminRequests {
    private AdminRequests() {}

    static CreateTenant createTenant(WireBody b) {
        String policy = b.optional("credit_policy");
        CreditPolicy creditPolicy = policy == null ? null : CreditPolicy.fromWire(policy)
                .orElseThrow(() -> new InvalidInputException("credit_policy", "must be per_reply or per_1k_tokens"));
        return new CreateTenant(b.text("user_id"), b.text("email"), b.text("company_name"), creditPolicy);
    }

    /** @param settingNames the provider settings the server's channels declare; others in the body are ignored */
    static RegisterChannelAccount registerAccount(WireBody b, Collection<String> settingNames) {
        Map<String, String> settings = new HashMap<>();
        for (String name : settingNames) {
            String v = b.setting(name);
            if (v != null) settings.put(name, v);
        }
        return new RegisterChannelAccount(b.text("type"), b.text("provider"), b.text("phone_number_id"), b.text("external_number"),
                b.text("access_token"), b.text("display_name"), settings);
    }

    static CreateAgent createAgent(WireBody b) {
        return CreateAgent.builder(b.text("name")).accountId(b.text("phone_number_id")).promptId(b.text("prompt_id"))
                .promptVersion(b.text("prompt_version")).instructions(b.text("instructions")).model(b.text("model"))
                .greeting(b.text("greeting")).fallbackReply(b.text("fallback_reply")).debounceMs(b.integer("debounce_ms"))
                .tools(b.strings("tools")).pauseOnHumanReply(b.bool("pause_on_human_reply"))
                .extractionIntervalMs(b.integer("extraction_interval_ms")).api(modelApi(b)).markRead(b.bool("mark_read")).build();
    }

    /** Only the fields present in the body change; {@code null} clears a field that may be empty. */
    static UpdateAgent updateAgent(WireBody b) {
        var u = UpdateAgent.builder();
        if (b.has("name")) u.name(b.text("name"));
        if (b.has("phone_number_id")) u.accountId(b.text("phone_number_id"));
        if (b.has("prompt_id")) u.promptId(b.text("prompt_id"));
        if (b.has("prompt_version")) u.promptVersion(b.text("prompt_version"));
        if (b.has("instructions")) u.instructions(b.text("instructions"));
        if (b.has("model")) u.model(b.text("model"));
        if (b.has("greeting")) u.greeting(b.text("greeting"));
        if (b.has("fallback_reply")) u.fallbackReply(b.text("fallback_reply"));
        if (b.has("debounce_ms")) u.debounceMs(b.integer("debounce_ms"));
        if (b.has("tools")) u.tools(b.strings("tools"));
        if (b.has("pause_on_human_reply")) u.pauseOnHumanReply(b.bool("pause_on_human_reply"));
        if (b.has("extraction_interval_ms")) u.extractionIntervalMs(b.integer("extraction_interval_ms"));
        if (b.has("api")) u.api(modelApi(b));
        if (b.has("mark_read")) u.markRead(b.bool("mark_read"));
        return u.build();
    }

    private static ModelApi modelApi(WireBody b) {
        String api = b.optional("api");
        if (api == null) return null;
        return ModelApi.fromKey(api).orElseThrow(() -> new InvalidInputException("api",
                "must be one of " + Arrays.stream(ModelApi.values()).map(ModelApi::key).toList()));
    }

    static AddCredits addCredits(WireBody b) {
        return new AddCredits(b.integer("amount"));
    }

    static SetConversationStatus setStatus(WireBody b) {
        String value = b.text("status");
        if (value == null) throw new InvalidInputException("status", "is required");
        if (value.isBlank()) throw new InvalidInputException("status", "must not be blank");
        return new SetConversationStatus(ConversationStatus.fromWire(value.trim())
                .filter(SetConversationStatus.ALLOWED::contains)
                .orElseThrow(() -> new InvalidInputException("status", "must be active, paused or resolved")));
    }

    /** Exactly one of {@code text}, {@code media} ({@code type, link, caption, filename}) or {@code template} ({@code name, language, body_parameters}). */
    static SendOperatorMessage operatorMessage(WireBody b) {
        String text = b.text("text");
        WireBody media = b.object("media");
        WireBody template = b.object("template");
        int given = (text != null && !text.isBlank() ? 1 : 0) + (media != null ? 1 : 0) + (template != null ? 1 : 0);
        // checked here too, before the parts are, so a body with two parts is told so whatever is in them
        if (given != 1) throw new InvalidInputException("text", "give exactly one of text, media or template");
        return new SendOperatorMessage(text,
                media == null ? null : new SendOperatorMessage.Media(media.text("type"), media.text("link"), media.text("caption"),
                        media.text("filename")),
                template == null ? null : new SendOperatorMessage.Template(template.text("name"), template.text("language"),
                        template.strings("body_parameters")));
    }
}
