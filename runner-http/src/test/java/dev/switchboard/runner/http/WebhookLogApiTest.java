package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook log API on real PostgreSQL through the real server: per tenant, filtered, newest first; unmatched deliveries for the admin only. */
class WebhookLogApiTest {
    private static ServerFixture f;
    private static ServerFixture.Tenant a;
    private static ServerFixture.Tenant b;
    private static String keyA;
    private static final String UNKNOWN_NUMBER = "1099" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L);

    @BeforeAll
    static void start() {
        f = new ServerFixture(Map.of("DATABASE_URL", PgTestDatabase.fresh("h23_webhook_log_api_test")), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Olá!");
        OpenAiStubs.metaAccepts(f.wiremock);
        a = f.tenant(0, "\"debounce_ms\":0");
        b = f.tenant(0, "\"debounce_ms\":0");
        keyA = f.adminOk("POST", "/users/" + a.userId() + "/api_keys", "{\"name\":\"console\"}").get("api_key").asText();
        assertThat(f.postWebhook(MetaPayloads.message(a.phoneNumberId(), "16505551234", "wamid.A1", "primeira")).statusCode()).isEqualTo(200);
        assertThat(f.postWebhook(MetaPayloads.message(a.phoneNumberId(), "16505551234", "wamid.A2", "segunda")).statusCode()).isEqualTo(200);
        assertThat(f.postWebhook(MetaPayloads.message(b.phoneNumberId(), "16505550000", "wamid.B1", "de b")).statusCode()).isEqualTo(200);
        assertThat(f.postWebhook(MetaPayloads.message(UNKNOWN_NUMBER, "16505559999", "wamid.X1", "ninguém")).statusCode()).isEqualTo(200);
        f.server.engine().flushWebhookLog();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static List<JsonNode> logs(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        Json.read(r.body()).get("webhook_logs").forEach(out::add);
        return out;
    }

    private static HttpResponse<String> asA(String path) {
        return f.send("GET", path, null, Map.of("x-api-key", keyA));
    }

    @Test
    void a_tenant_sees_its_own_deliveries_newest_first_with_channel_provider_and_payload() {
        List<JsonNode> entries = logs(asA("/users/" + a.userId() + "/webhook_logs"));
        assertThat(entries).hasSize(2);
        JsonNode newest = entries.getFirst();
        assertThat(newest.get("log_id").asText()).isNotBlank();
        assertThat(newest.get("user_id").asText()).isEqualTo(a.userId());
        assertThat(newest.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(newest.get("provider").asText()).isEqualTo("cloud");
        assertThat(newest.get("event_type").asText()).isNotBlank();
        assertThat(newest.get("success").asBoolean()).isTrue();
        assertThat(newest.get("error").isNull()).isTrue();
        assertThat(newest.get("payload").asText()).contains("wamid.A2");
        assertThat(entries.get(1).get("payload").asText()).contains("wamid.A1");
        assertThat(newest.get("received_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(entries).noneMatch(e -> e.get("payload").asText().contains("wamid.B1"));
        JsonNode body = Json.read(asA("/users/" + a.userId() + "/webhook_logs?limit=1&offset=1").body());
        assertThat(body.get("limit").asInt()).isEqualTo(1);
        assertThat(body.get("offset").asInt()).isEqualTo(1);
        assertThat(body.at("/webhook_logs/0/payload").asText()).contains("wamid.A1");
    }

    @Test
    void filters_select_by_channel_type_provider_and_success() {
        String base = "/users/" + a.userId() + "/webhook_logs";
        assertThat(logs(asA(base + "?channel=whatsapp&provider=cloud&success=true"))).hasSize(2);
        assertThat(logs(asA(base + "?provider=evolution"))).isEmpty();
        assertThat(logs(asA(base + "?channel=instagram"))).isEmpty();
        assertThat(logs(asA(base + "?success=false"))).isEmpty();
        var bad = asA(base + "?success=maybe");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.read(bad.body()).get("field").asText()).isEqualTo("success");
        assertThat(asA(base + "?limit=5000").statusCode()).isEqualTo(400);
    }

    @Test
    void another_tenants_log_is_404_and_the_unmatched_log_is_403_for_a_tenant_key() {
        assertThat(asA("/users/" + b.userId() + "/webhook_logs").statusCode()).isEqualTo(404);
        assertThat(asA("/webhook_logs").statusCode()).isEqualTo(403);
        assertThat(f.send("GET", "/webhook_logs", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(f.admin("GET", "/users/usr_nobody_here/webhook_logs", null).statusCode()).isEqualTo(404);
    }

    @Test
    void the_admin_sees_deliveries_that_matched_no_tenant_and_only_those() {
        List<JsonNode> unmatched = logs(f.admin("GET", "/webhook_logs?channel=whatsapp", null));
        assertThat(unmatched).anySatisfy(e -> {
            assertThat(e.get("payload").asText()).contains("wamid.X1");
            assertThat(e.get("user_id").isNull()).isTrue();
            assertThat(e.get("success").asBoolean()).isFalse();
            assertThat(e.get("error").asText()).contains("unknown account");
            assertThat(e.get("provider").asText()).isEqualTo("cloud");
        });
        assertThat(unmatched).allMatch(e -> e.get("user_id").isNull());
        assertThat(logs(f.admin("GET", "/webhook_logs?success=true", null))).isEmpty();
        assertThat(logs(f.admin("GET", "/users/" + b.userId() + "/webhook_logs", null)))
                .singleElement().satisfies(e -> assertThat(e.get("payload").asText()).contains("wamid.B1"));
    }
}
