package dev.switchboard.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The commands enforce core's {@link Limits} themselves: an embedder gets the HTTP API's limits without it. */
class CommandLimitsTest {

    private static String chars(int n) {
        return "a".repeat(n);
    }

    /** {@code build} takes a value of the limit's length, and refuses one a character longer, naming {@code field}. */
    private static void limited(String field, int limit, Function<String, Object> build) {
        assertThat(build.apply(chars(limit))).isNotNull();
        assertThatThrownBy(() -> build.apply(chars(limit + 1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(field).hasMessageContaining("at most " + limit);
    }

    @Test
    void an_agents_texts_are_limited_when_created_and_when_updated() {
        limited("name", Limits.NAME, v -> CreateAgent.builder(v).instructions("x").build());
        limited("instructions", Limits.LONG_TEXT, v -> CreateAgent.builder("Bot").instructions(v).build());
        limited("greeting", Limits.SHORT_TEXT, v -> CreateAgent.builder("Bot").instructions("x").greeting(v).build());
        limited("fallbackReply", Limits.SHORT_TEXT, v -> CreateAgent.builder("Bot").instructions("x").fallbackReply(v).build());
        limited("model", Limits.NAME, v -> CreateAgent.builder("Bot").instructions("x").model(v).build());
        limited("promptId", Limits.ID, v -> CreateAgent.builder("Bot").promptId(v).build());
        limited("promptVersion", Limits.ID, v -> CreateAgent.builder("Bot").promptId("pmpt_1").promptVersion(v).build());
        limited("accountId", Limits.ID, v -> CreateAgent.builder("Bot").instructions("x").accountId(v).build());

        limited("name", Limits.NAME, v -> UpdateAgent.builder().name(v).build());
        limited("instructions", Limits.LONG_TEXT, v -> UpdateAgent.builder().instructions(v).build());
        limited("greeting", Limits.SHORT_TEXT, v -> UpdateAgent.builder().greeting(v).build());
        limited("fallbackReply", Limits.SHORT_TEXT, v -> UpdateAgent.builder().fallbackReply(v).build());
        assertThat(UpdateAgent.builder().instructions(null).build().instructions().given()).as("clearing is not a length").isTrue();
    }

    @Test
    void a_tenant_and_a_channel_account_are_limited() {
        String domain = "@example.com";
        limited("email", Limits.EMAIL, v -> new CreateTenant(null, v.substring(domain.length()) + domain, null, null));
        limited("companyName", Limits.NAME, v -> new CreateTenant(null, "a@example.com", v, null));

        limited("type", Limits.ID, v -> new RegisterChannelAccount(v, null, "pn-1", null, null, null, Map.of()));
        limited("provider", Limits.ID, v -> new RegisterChannelAccount("whatsapp", v, "pn-1", null, null, null, Map.of()));
        limited("externalNumber", Limits.ID, v -> RegisterChannelAccount.of("whatsapp", "pn-1", "t").withExternalNumber(v));
        limited("accessToken", Limits.SHORT_TEXT, v -> RegisterChannelAccount.of("whatsapp", "pn-1", v));
        limited("displayName", Limits.NAME, v -> new RegisterChannelAccount("whatsapp", null, "pn-1", null, null, v, Map.of()));
        limited("settings.server_url", Limits.DEFAULT,
                v -> new RegisterChannelAccount("whatsapp", null, "pn-1", null, null, null, Map.of("server_url", v)));
        limited("settings", Limits.ID, v -> new RegisterChannelAccount("whatsapp", null, "pn-1", null, null, null, Map.of(v, "x")));
    }

    @Test
    void an_operator_message_is_limited() {
        String https = "https://cdn.example.com/";
        limited("media.link", Limits.URL, v -> SendOperatorMessage.media(
                new SendOperatorMessage.Media("image", https + v.substring(https.length()), null, null)));
        limited("media.filename", Limits.NAME, v -> new SendOperatorMessage.Media("document", https + "a.pdf", null, v));
        limited("template.bodyParameters", Limits.SHORT_TEXT, v -> new SendOperatorMessage.Template("order_update", "en_US", List.of(v)));
        assertThatThrownBy(() -> new SendOperatorMessage.Template("order_update", "en_US", Collections.nCopies(Limits.LIST_ITEMS + 1, "x")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most " + Limits.LIST_ITEMS);
        limited("media_url", Limits.URL, v -> new SendToContact("ct_1", "image", null, https + v.substring(https.length()), null));
    }
}
