package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant API keys on real PostgreSQL through the real server, with two server nodes on one database. */
class TenantKeysApiTest {
    private ServerFixture f;
    private ServerFixture.Tenant a;
    private ServerFixture.Tenant b;

    @BeforeEach
    void start() {
        f = new ServerFixture(Map.of("DATABASE_URL", TestPostgres.url()), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Olá!");
        OpenAiStubs.metaAccepts(f.wiremock);
        a = f.tenant(5, "\"debounce_ms\":0");
        b = f.tenant(5, "\"debounce_ms\":0");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String issue(String user, String name) {
        JsonNode k = f.adminOk("POST", "/users/" + user + "/api_keys", "{\"name\":\"" + name + "\"}");
        assertThat(k.get("api_key").asText()).startsWith("sk_").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(k.get("name").asText()).isEqualTo(name);
        assertThat(k.hasNonNull("created_at")).isTrue();
        return k.get("api_key").asText();
    }

    private HttpResponse<String> as(ServerFixture node, String key, String method, String path, String json) {
        return node.send(method, path, json, Map.of("x-api-key", key));
    }

    @Test
    void a_tenant_key_reads_and_writes_its_own_tenant_and_nothing_else() {
        String key = issue(a.userId(), "console");
        JsonNode me = Json.read(as(f, key, "GET", "/me", null).body());
        assertThat(me.get("role").asText()).isEqualTo("tenant");
        assertThat(me.get("user_id").asText()).isEqualTo(a.userId());
        assertThat(me.get("name").asText()).isEqualTo("console");
        JsonNode adminMe = f.adminOk("GET", "/me", null);
        assertThat(adminMe.get("role").asText()).isEqualTo("admin");
        assertThat(adminMe.get("user_id").isNull()).isTrue();

        // its own tenant: reads and writes
        assertThat(as(f, key, "GET", "/users/" + a.userId() + "/agents", null).statusCode()).isEqualTo(200);
        assertThat(as(f, key, "PATCH", "/users/" + a.userId() + "/agents/" + a.agentId(), "{\"name\":\"Support\"}").statusCode()).isEqualTo(200);
        assertThat(f.adminOk("GET", "/users/" + a.userId() + "/agents/" + a.agentId(), null).get("name").asText()).isEqualTo("Support");
        assertThat(as(f, key, "GET", "/users/" + a.userId() + "/credits", null).statusCode()).isEqualTo(200);

        // another tenant's conversation, contact, agent, message: 404 as if absent
        f.postWebhook(MetaPayloads.message(b.phoneNumberId(), "5511999990000", "wamid.B1", "Oi"));
        ServerFixture.await("B's conversation", () -> f.adminOk("GET", "/users/" + b.userId() + "/conversations", null)
                .get("conversations").size() == 1);
        JsonNode conv = f.adminOk("GET", "/users/" + b.userId() + "/conversations", null).at("/conversations/0");
        String messageId = f.adminOk("GET", "/users/" + b.userId() + "/messages", null).at("/messages/0/message_id").asText();
        List<String> theirs = new ArrayList<>(List.of(
                "/users/" + b.userId(),
                "/users/" + b.userId() + "/conversations/" + conv.get("conversation_id").asText(),
                "/users/" + b.userId() + "/conversations/" + conv.get("conversation_id").asText() + "/messages",
                "/users/" + b.userId() + "/contacts/" + conv.get("contact_id").asText(),
                "/users/" + b.userId() + "/contacts",
                "/users/" + b.userId() + "/agents/" + b.agentId(),
                "/users/" + b.userId() + "/messages?conversation_id=" + conv.get("conversation_id").asText()));
        for (String path : theirs) {
            assertThat(as(f, key, "GET", path, null).statusCode()).as("GET " + path).isEqualTo(404);
        }
        assertThat(messageId).isNotBlank();
        assertThat(as(f, key, "PATCH", "/users/" + b.userId() + "/agents/" + b.agentId(), "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(as(f, key, "DELETE", "/users/" + b.userId() + "/agents/" + b.agentId(), null).statusCode()).isEqualTo(404);
        assertThat(f.adminOk("GET", "/users/" + b.userId() + "/agents/" + b.agentId(), null).get("name").asText()).isEqualTo("Sales");

        // admin-only routes: 403
        assertThat(as(f, key, "POST", "/users", "{\"user_id\":\"usr_x\",\"email\":\"x@example.com\"}").statusCode()).isEqualTo(403);
        assertThat(as(f, key, "GET", "/users", null).statusCode()).isEqualTo(403);
        assertThat(as(f, key, "POST", "/users/" + a.userId() + "/api_keys", "{\"name\":\"more\"}").statusCode()).isEqualTo(403);
        assertThat(as(f, key, "GET", "/users/" + a.userId() + "/api_keys", null).statusCode()).isEqualTo(403);
        assertThat(as(f, key, "POST", "/users/" + a.userId() + "/credits", "{\"amount\":1000}").statusCode()).isEqualTo(403);
        assertThat(f.adminOk("GET", "/users/" + a.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(5);

        // a wrong key: 401
        assertThat(as(f, key + "x", "GET", "/me", null).statusCode()).isEqualTo(401);
    }

    @Test
    void keys_are_stored_only_as_their_sha256() throws Exception {
        String key = issue(a.userId(), "crm");
        String keyId = f.adminOk("GET", "/users/" + a.userId() + "/api_keys", null).at("/api_keys/0/key_id").asText();
        JsonNode listed = f.adminOk("GET", "/users/" + a.userId() + "/api_keys", null).at("/api_keys/0");
        assertThat(listed.has("api_key")).isFalse();
        assertThat(listed.toString()).doesNotContain(key);
        try (var c = TestPostgres.connect();
             var st = c.prepareStatement("SELECT key_hash, row_to_json(k)::text AS row FROM api_keys k WHERE id = ?")) {
            st.setString(1, keyId);
            var rs = st.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("key_hash")).isEqualTo(TenantKeys.sha256(key)).hasSize(64);
            assertThat(rs.getString("row")).doesNotContain(key).doesNotContain(key.substring(3));
        }
    }

    @Test
    void a_revoked_key_gets_401_at_once_on_the_serving_node_and_within_a_second_on_another() {
        String key = issue(a.userId(), "console");
        String keyId = f.adminOk("GET", "/users/" + a.userId() + "/api_keys", null).at("/api_keys/0/key_id").asText();
        try (ServerFixture other = new ServerFixture(Map.of("DATABASE_URL", TestPostgres.url()), s -> {})) {
            assertThat(as(other, key, "GET", "/me", null).statusCode()).isEqualTo(200); // cached there now
            assertThat(as(f, key, "GET", "/me", null).statusCode()).isEqualTo(200);
            assertThat(f.admin("DELETE", "/users/" + a.userId() + "/api_keys/" + keyId, null).statusCode()).isEqualTo(204);
            long revokedAt = System.nanoTime();
            assertThat(as(f, key, "GET", "/me", null).statusCode()).as("serving node, right after the DELETE").isEqualTo(401);
            while (as(other, key, "GET", "/me", null).statusCode() != 401) {
                assertThat(System.nanoTime() - revokedAt).as("other node still accepts the key").isLessThan(1_000_000_000L);
            }
            long tookMs = (System.nanoTime() - revokedAt) / 1_000_000;
            System.out.println("revocation seen by the other node after " + tookMs + " ms");
        }
        assertThat(f.adminOk("GET", "/users/" + a.userId() + "/api_keys", null).at("/api_keys/0/revoked_at").isNull()).isFalse();
        assertThat(f.admin("DELETE", "/users/" + a.userId() + "/api_keys/" + keyId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void key_requests_are_checked() {
        assertThat(f.admin("POST", "/users/" + a.userId() + "/api_keys", "{}").statusCode()).isEqualTo(400);
        assertThat(f.admin("POST", "/users/usr_nobody/api_keys", "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(f.send("GET", "/me", null, Map.of()).statusCode()).isEqualTo(401);
    }
}
