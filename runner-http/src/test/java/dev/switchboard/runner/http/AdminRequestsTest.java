package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.ModelApi;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.usecase.Patch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire edge: snake_case JSON in, typed commands out, and core's field names back to wire names in errors. */
class AdminRequestsTest {

    @Test
    void media_that_is_not_an_object_is_refused_naming_media() {
        assertThatThrownBy(() -> AdminRequests.operatorMessage(new WireBody(Map.of("media", "x"))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "media");
    }

    @Test
    void a_command_error_is_answered_with_the_wire_name_of_the_field() {
        var e = catchInvalid(() -> AdminRequests.operatorMessage(new WireBody(Map.of("template",
                Map.of("name", "order_update", "language", "pt_BR", "body_parameters", List.of(" "))))));
        assertThat(ErrorMapping.invalidInput(e)).containsEntry("field", "template.body_parameters")
                .containsEntry("error", "template.body_parameters: must not hold blank values");
        var account = catchInvalid(() -> AdminRequests.registerAccount(new WireBody(Map.of("type", "x", "phone_number_id", "a b")), List.of()));
        assertThat(ErrorMapping.invalidInput(account)).containsEntry("field", "phone_number_id");
        assertThat(WireNames.of("tenantId")).isEqualTo("user_id");
        assertThat(WireNames.of("debounceMs")).isEqualTo("debounce_ms");
        assertThat(WireNames.of("server_url")).isEqualTo("server_url");
    }

    @Test
    void an_agent_patch_changes_only_the_fields_present_and_null_unlinks() {
        Map<String, Object> body = new HashMap<>();
        body.put("phone_number_id", null);
        body.put("api", "chat_completions");
        var update = AdminRequests.updateAgent(new WireBody(body));
        assertThat(update.accountId()).isEqualTo(Patch.set(null));
        assertThat(update.api()).isEqualTo(Patch.set(ModelApi.CHAT_COMPLETIONS));
        assertThat(update.name().given()).isFalse();
        assertThat(update.debounceMs().given()).isFalse();
    }

    @Test
    void wrong_json_types_name_the_field() {
        assertThatThrownBy(() -> AdminRequests.createAgent(new WireBody(Map.of("name", "x", "debounce_ms", "soon"))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "debounce_ms");
        assertThatThrownBy(() -> AdminRequests.createAgent(new WireBody(Map.of("name", "x", "instructions", "y", "api", "batch"))))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("field", "api");
    }

    private static InvalidInputException catchInvalid(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("no InvalidInputException");
    }
}
