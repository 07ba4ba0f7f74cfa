package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's isolation audit on real PostgreSQL through the real server (WireMock for Meta and
 * OpenAI): tenant A's key on tenant B's ids, both under B's path and smuggled under A's own path,
 * answers 404 and changes nothing of B's; admin-only routes answer 403; no table holds a key in clear.
 */
class TenantIsolationApiTest {
    private static final String REPLY = "Olá, aqui é a loja B!";
    private static String databaseUrl;
    private static ServerFixture f;
    private static ServerFixture.Tenant a;
    private static ServerFixture.Tenant b;
    private static String keyA;
    private static String keyIdA;
    private static String convB;
    private static String contactB;
    private static String messageB;

    @BeforeAll
    static void start() {
        databaseUrl = PgTestDatabase.fresh("h31_tenant_isolation_api_test");
        f = new ServerFixture(Map.of("DATABASE_URL", databaseUrl), s -> {});
        OpenAiStubs.replyWith(f.wiremock, REPLY);
        OpenAiStubs.metaAccepts(f.wiremock);
        a = f.tenant(5, "\"debounce_ms\":0");
        b = f.tenant(5, "\"debounce_ms\":0");
        JsonNode k = f.adminOk("POST", "/users/" + a.userId() + "/api_keys", "{\"name\":\"console\"}");
        keyA = k.get("api_key").asText();
        keyIdA = k.get("key_id").asText();
        assertThat(f.postWebhook(MetaPayloads.message(b.phoneNumberId(), "5511999990000", "wamid.iso-B1", "Oi")).statusCode()).isEqualTo(200);
        ServerFixture.await("B's bot replied", () -> outboundOfB() != null && outboundOfB().get("status").asText().equals("sent"));
        JsonNode conv = f.adminOk("GET", "/users/" + b.userId() + "/conversations", null).at("/conversations/0");
        convB = conv.get("conversation_id").asText();
        contactB = conv.get("contact_id").asText();
        messageB = outboundOfB().get("message_id").asText();
        f.server.engine().flushWebhookLog();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static JsonNode outboundOfB() {
        for (JsonNode m : f.adminOk("GET", "/users/" + b.userId() + "/messages", null).get("messages")) {
            if (m.get("direction").asText().equals("outbound")) return m;
        }
        return null;
    }

    private static int sendsToB() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + b.phoneNumberId() + "/messages"))).size();
    }

    private static HttpResponse<String> asA(String method, String path, String json) {
        return f.send(method, path, json, Map.of("x-api-key", keyA));
    }

    /** The live-event stream with A's key, with a timeout: a wrong 200 would otherwise stream for ever. */
    private static int eventsStatusAsA(String user) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(f.url("/users/" + user + "/events")))
                .header("x-api-key", keyA).timeout(Duration.ofSeconds(5)).GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void a_tenant_key_gets_404_on_another_tenants_ids_under_their_path_and_under_its_own_and_changes_nothing() throws Exception {
        int sendsBefore = sendsToB();
        int messagesBefore = f.adminOk("GET", "/users/" + b.userId() + "/messages", null).get("messages").size();
        String bUser = "/users/" + b.userId();
        String aUser = "/users/" + a.userId();
        List<String[]> requests = new ArrayList<>();
        for (String user : List.of(bUser, aUser)) { // B's ids under B's path, then under A's own path
            requests.add(new String[] {"GET", user + "/agents/" + b.agentId(), null});
            requests.add(new String[] {"PATCH", user + "/agents/" + b.agentId(), "{\"name\":\"hijacked\"}"});
            requests.add(new String[] {"GET", user + "/contacts/" + contactB, null});
            requests.add(new String[] {"GET", user + "/conversations/" + convB, null});
            requests.add(new String[] {"GET", user + "/conversations/" + convB + "/messages", null});
            requests.add(new String[] {"PATCH", user + "/conversations/" + convB, "{\"status\":\"paused\"}"});
            requests.add(new String[] {"POST", user + "/conversations/" + convB + "/messages", "{\"text\":\"from A\"}"});
            requests.add(new String[] {"POST", user + "/messages/" + messageB + "/retry", null});
            requests.add(new String[] {"POST", user + "/send", "{\"lead_id\":\"" + contactB + "\",\"message_type\":\"text\",\"text_content\":\"from A\"}"});
        }
        requests.add(new String[] {"GET", bUser + "/webhook_logs", null});
        requests.add(new String[] {"GET", bUser + "/credits", null});
        requests.add(new String[] {"GET", bUser + "/credits/ledger", null});
        requests.add(new String[] {"GET", bUser + "/phone_numbers", null});
        requests.add(new String[] {"GET", bUser + "/api_keys", null});
        requests.add(new String[] {"POST", "/send", "{\"lead_id\":\"" + contactB + "\",\"message_type\":\"text\",\"text_content\":\"from A\"}"});
        for (String[] r : requests) {
            HttpResponse<String> answer = asA(r[0], r[1], r[2]);
            assertThat(answer.statusCode()).as(r[0] + " " + r[1] + " → " + answer.body()).isEqualTo(404);
        }
        assertThat(eventsStatusAsA(b.userId())).as("GET /users/B/events").isEqualTo(404);

        // B is untouched: agent name, conversation status, no message stored or sent
        assertThat(f.adminOk("GET", bUser + "/agents/" + b.agentId(), null).get("name").asText()).isEqualTo("Sales");
        assertThat(f.adminOk("GET", bUser + "/conversations/" + convB, null).get("status").asText()).isEqualTo("active");
        assertThat(f.adminOk("GET", bUser + "/messages", null).get("messages").size()).isEqualTo(messagesBefore);
        assertThat(sendsToB()).as("nothing more went to B's customer").isEqualTo(sendsBefore);

        // A's key still works on A (the 404s are about B, not a broken key)
        assertThat(asA("GET", aUser + "/agents/" + a.agentId(), null).statusCode()).isEqualTo(200);
        assertThat(asA("GET", aUser + "/webhook_logs", null).statusCode()).isEqualTo(200);
    }

    @Test
    void admin_only_routes_answer_403_to_a_tenant_key_and_change_nothing() {
        String aUser = "/users/" + a.userId();
        List<String[]> requests = List.of(
                new String[] {"POST", "/users", "{\"user_id\":\"usr_by_tenant\",\"email\":\"t@example.com\"}"},
                new String[] {"GET", "/users", null},
                new String[] {"GET", "/users?limit=1", null},
                new String[] {"POST", aUser + "/api_keys", "{\"name\":\"more\"}"},
                new String[] {"GET", aUser + "/api_keys", null},
                new String[] {"DELETE", aUser + "/api_keys/" + keyIdA, null},
                new String[] {"POST", aUser + "/credits", "{\"amount\":1000}"},
                new String[] {"GET", "/webhook_logs", null});
        for (String[] r : requests) {
            HttpResponse<String> answer = asA(r[0], r[1], r[2]);
            assertThat(answer.statusCode()).as(r[0] + " " + r[1] + " → " + answer.body()).isEqualTo(403);
        }
        assertThat(f.admin("GET", "/users/usr_by_tenant", null).statusCode()).as("no tenant created").isEqualTo(404);
        assertThat(f.adminOk("GET", aUser + "/api_keys", null).get("api_keys").size()).as("no key issued").isEqualTo(1);
        assertThat(f.adminOk("GET", aUser + "/api_keys", null).at("/api_keys/0/revoked_at").isNull()).as("not revoked").isTrue();
        assertThat(asA("GET", "/me", null).statusCode()).as("the key still opens its tenant").isEqualTo(200);
        assertThat(asA("GET", aUser + "/credits", null).statusCode()).isEqualTo(200);
        assertThat(f.adminOk("GET", aUser + "/credits", null).get("remaining_credits").asLong()).isEqualTo(5);

        // a key only counts in the header, never in the URL
        for (String param : List.of("api_key", "x-api-key", "key")) {
            assertThat(f.send("GET", aUser + "/agents?" + param + "=" + keyA, null, Map.of()).statusCode()).as(param).isEqualTo(401);
        }

        // the admin key keeps them all; GET /users pages
        assertThat(f.adminOk("GET", "/users?limit=1", null).get("users").size()).isEqualTo(1);
        String first = f.adminOk("GET", "/users?limit=1&offset=0", null).at("/users/0/user_id").asText();
        String second = f.adminOk("GET", "/users?limit=1&offset=1", null).at("/users/0/user_id").asText();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(f.admin("GET", "/webhook_logs", null).statusCode()).isEqualTo(200);
    }

    @Test
    void no_column_of_any_table_holds_an_api_key_in_clear() throws Exception {
        JsonNode k = f.adminOk("POST", "/users/" + b.userId() + "/api_keys", "{\"name\":\"audit\"}");
        String secret = k.get("api_key").asText();
        assertThat(f.send("GET", "/me", null, Map.of("x-api-key", secret)).statusCode()).isEqualTo(200); // used once, so any cache saw it
        String bare = secret.substring(secret.indexOf('_') + 1);
        String jdbc = "jdbc:" + databaseUrl.replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
        List<String> tables = new ArrayList<>();
        try (var c = DriverManager.getConnection(jdbc, "postgres", "")) {
            try (var rs = c.createStatement().executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            assertThat(tables).contains("api_keys");
            for (String table : tables) {
                try (var st = c.prepareStatement("select count(*) from \"" + table + "\" t where t::text like ? or t::text like ?")) {
                    st.setString(1, "%" + secret + "%");
                    st.setString(2, "%" + bare + "%");
                    var rs = st.executeQuery();
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows of " + table + " holding the key in clear").isZero();
                }
            }
            try (var st = c.prepareStatement("select key_hash from api_keys where id = ?")) {
                st.setString(1, k.get("key_id").asText());
                var rs = st.executeQuery();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(TenantKeys.sha256(secret));
            }
        }
    }

    @Test
    void console_extras_ledger_channel_types_health_platform_and_credits_last_updated() {
        ServerFixture.Tenant c = f.tenant(5, "");
        String cUser = "/users/" + c.userId();
        Map<String, String> asC = Map.of("x-api-key", f.adminOk("POST", cUser + "/api_keys", "{\"name\":\"c\"}").get("api_key").asText());
        f.adminOk("POST", cUser + "/credits", "{\"amount\":7}");
        JsonNode ledger = Json.read(f.send("GET", cUser + "/credits/ledger", null, asC).body());
        assertThat(ledger.get("entries").size()).isEqualTo(2);
        assertThat(ledger.at("/entries/0/delta").asLong()).as("newest first").isEqualTo(7);
        assertThat(ledger.at("/entries/0/balance_after").asLong()).isEqualTo(12);
        assertThat(ledger.at("/entries/1/delta").asLong()).isEqualTo(5);
        assertThat(ledger.at("/entries/0/kind").asText()).isEqualTo("topup");
        JsonNode credits = f.adminOk("GET", cUser + "/credits", null);
        assertThat(credits.get("last_updated").asText()).isEqualTo(ledger.at("/entries/0/created_at").asText());

        HttpResponse<String> types = f.send("GET", "/channel_types", null, asC);
        assertThat(types.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        Json.read(types.body()).get("channel_types").forEach(t -> names.add(t.get("type").asText() + "/" + t.get("provider").asText()));
        assertThat(names).contains("whatsapp/cloud", "whatsapp/evolution");
        assertThat(f.send("GET", "/channel_types", null, Map.of()).statusCode()).isEqualTo(401);

        assertThat(Json.read(f.send("GET", "/health", null, Map.of()).body()).get("platform").asText()).isEqualTo("connected");
    }

    @Test
    void post_send_with_a_tenant_key_reaches_its_own_customer_pauses_the_bot_and_a_closed_window_is_a_clear_409() throws Exception {
        ServerFixture.Tenant d = f.tenant(5, "\"debounce_ms\":0");
        Map<String, String> asD = Map.of("x-api-key", f.adminOk("POST", "/users/" + d.userId() + "/api_keys", "{\"name\":\"crm\"}").get("api_key").asText());
        String graph = "/v23.0/" + d.phoneNumberId() + "/messages";
        f.postWebhook(MetaPayloads.message(d.phoneNumberId(), "5511988887777", "wamid.iso-D1", "Oi"));
        ServerFixture.await("D's bot replied", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo(graph))).size() == 1);
        JsonNode conv = f.adminOk("GET", "/users/" + d.userId() + "/conversations", null).at("/conversations/0");

        HttpResponse<String> sent = f.send("POST", "/send", "{\"lead_id\":\"" + conv.get("contact_id").asText()
                + "\",\"message_type\":\"text\",\"text_content\":\"Pedido 12 saiu\",\"media_url\":null}", asD);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(Json.read(sent.body()).get("success").asBoolean()).isTrue();
        ServerFixture.await("the customer received it", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo(graph))).stream()
                .anyMatch(r -> r.getBodyAsString().contains("Pedido 12 saiu")));
        assertThat(f.adminOk("GET", "/users/" + d.userId() + "/conversations/" + conv.get("conversation_id").asText(), null)
                .get("status").asText()).as("the bot pauses").isEqualTo("paused");

        String jdbc = "jdbc:" + databaseUrl.replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
        try (var c = DriverManager.getConnection(jdbc, "postgres", ""); var st = c.prepareStatement(
                "update conversations set last_inbound_at = now() - interval '25 hours' where id = ?")) {
            st.setString(1, conv.get("conversation_id").asText());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> closed = f.send("POST", "/send", "{\"contact_id\":\"" + conv.get("contact_id").asText()
                + "\",\"message_type\":\"text\",\"text_content\":\"tarde demais\"}", asD);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(409);
        assertThat(closed.body()).contains("window");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(graph))).stream()
                .noneMatch(r -> r.getBodyAsString().contains("tarde demais"))).isTrue();
    }
}
