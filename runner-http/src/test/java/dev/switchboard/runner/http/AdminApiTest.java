package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 001's admin API over real HTTP: auth, validation, not found, conflicts, masking, tenancy. */
class AdminApiTest {
    static ServerFixture f;

    @BeforeAll
    static void start() {
        f = new ServerFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void missing_or_wrong_api_key_is_401() {
        assertThat(f.send("GET", "/users/x/agents", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(f.send("POST", "/users", "{\"email\":\"a@b.co\"}", Map.of("x-api-key", "wrong-key-123")).statusCode()).isEqualTo(401);
    }

    @Test
    void health_reports_status_database_and_queue() {
        JsonNode h = Json.read(f.send("GET", "/health", null, Map.of()).body());
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.has("database")).isTrue();
        assertThat(h.has("queue")).isTrue();
    }

    @Test
    void whatsapp_verification_handshake_echoes_the_challenge_only_with_the_right_token() {
        var ok = f.send("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock", null, Map.of());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        var bad = f.send("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope", null, Map.of());
        assertThat(bad.statusCode()).isEqualTo(403);
    }

    @Test
    void bad_input_is_400_naming_the_field() {
        var noEmail = f.admin("POST", "/users", "{\"company_name\":\"Acme\"}");
        assertThat(noEmail.statusCode()).isEqualTo(400);
        assertThat(Json.read(noEmail.body()).get("field").asText()).isEqualTo("email");
        assertThat(f.admin("POST", "/users", "not json").statusCode()).isEqualTo(400);

        var t = f.tenant(0, "");
        var badNumber = f.admin("POST", "/users/" + t.userId() + "/phone_numbers",
                "{\"type\":\"whatsapp\",\"phone_number_id\":\"999\",\"external_number\":\"call me\",\"access_token\":\"x\"}");
        assertThat(Json.read(badNumber.body()).get("field").asText()).isEqualTo("external_number");
        var badType = f.admin("POST", "/users/" + t.userId() + "/phone_numbers",
                "{\"type\":\"fax\",\"phone_number_id\":\"999\",\"access_token\":\"x\"}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(Json.read(badType.body()).get("field").asText()).isEqualTo("type");
        var badDebounce = f.admin("PATCH", "/users/" + t.userId() + "/agents/" + t.agentId(), "{\"debounce_ms\":-5}");
        assertThat(badDebounce.statusCode()).isEqualTo(400);
        assertThat(Json.read(badDebounce.body()).get("field").asText()).isEqualTo("debounce_ms");
        var noPrompt = f.admin("POST", "/users/" + t.userId() + "/agents", "{\"name\":\"x\"}");
        assertThat(Json.read(noPrompt.body()).get("field").asText()).isEqualTo("prompt_id");
        var badCredits = f.admin("POST", "/users/" + t.userId() + "/credits", "{\"amount\":0}");
        assertThat(Json.read(badCredits.body()).get("field").asText()).isEqualTo("amount");
    }

    @Test
    void unknown_ids_are_404_and_another_tenants_records_too() {
        var a = f.tenant(0, "");
        var b = f.tenant(0, "");
        assertThat(f.admin("GET", "/users/nobody/agents", null).statusCode()).isEqualTo(404);
        assertThat(f.admin("GET", "/users/" + a.userId() + "/agents/agt_missing", null).statusCode()).isEqualTo(404);
        assertThat(f.admin("GET", "/users/" + a.userId() + "/agents/" + b.agentId(), null).statusCode()).isEqualTo(404);
        assertThat(f.admin("DELETE", "/users/" + a.userId() + "/phone_numbers/" + b.phoneNumberId(), null).statusCode()).isEqualTo(404);
        var steal = f.admin("POST", "/users/" + a.userId() + "/agents",
                "{\"name\":\"thief\",\"prompt_id\":\"pmpt_1\",\"phone_number_id\":\"" + b.phoneNumberId() + "\"}");
        assertThat(steal.statusCode()).isEqualTo(404);
    }

    @Test
    void a_second_agent_on_one_number_is_409() {
        var t = f.tenant(0, "");
        var second = f.admin("POST", "/users/" + t.userId() + "/agents",
                "{\"name\":\"second\",\"prompt_id\":\"pmpt_2\",\"phone_number_id\":\"" + t.phoneNumberId() + "\"}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(f.admin("POST", "/users", "{\"user_id\":\"" + t.userId() + "\",\"email\":\"other@example.com\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void access_tokens_are_never_returned_in_clear() {
        var t = f.tenant(0, "");
        var list = f.admin("GET", "/users/" + t.userId() + "/phone_numbers", null);
        assertThat(list.body()).doesNotContain("EAAG-secret-token");
        assertThat(Json.read(list.body()).at("/phone_numbers/0/access_token").asText()).startsWith("****");
    }

    @Test
    void agents_crud_and_credits() {
        var t = f.tenant(0, "");
        JsonNode agent = f.adminOk("PATCH", "/users/" + t.userId() + "/agents/" + t.agentId(),
                "{\"greeting\":\"Olá!\",\"debounce_ms\":0,\"tools\":[\"escalate_conversation\"]}");
        assertThat(agent.get("greeting").asText()).isEqualTo("Olá!");
        assertThat(agent.get("debounce_ms").asLong()).isZero();
        assertThat(agent.get("prompt_id").asText()).isEqualTo("pmpt_68a1c0ffee");
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/agents", null).get("agents")).hasSize(1);
        assertThat(f.adminOk("POST", "/users/" + t.userId() + "/credits", "{\"amount\":25}").get("remaining_credits").asLong()).isEqualTo(25);
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(25);
        assertThat(f.admin("DELETE", "/users/" + t.userId() + "/agents/" + t.agentId(), null).statusCode()).isEqualTo(204);
        assertThat(f.admin("GET", "/users/" + t.userId() + "/agents/" + t.agentId(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void every_response_carries_the_correlation_id_the_caller_sent_or_a_new_one() {
        var echoed = f.send("GET", "/users/nobody", null, Map.of("x-api-key", ServerFixture.ADMIN_KEY, "x-correlation-id", "req-42.a:b"));
        assertThat(echoed.headers().firstValue("x-correlation-id")).contains("req-42.a:b");

        var fresh = f.send("GET", "/health", null, Map.of());
        assertThat(fresh.headers().firstValue("x-correlation-id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));

        var unsafe = f.send("GET", "/health", null, Map.of("x-correlation-id", "x".repeat(200)));
        assertThat(unsafe.headers().firstValue("x-correlation-id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
    }
}
