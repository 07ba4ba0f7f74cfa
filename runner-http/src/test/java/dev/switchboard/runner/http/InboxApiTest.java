package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's contacts and inbox views on real PostgreSQL through the real server: phones in E.164
 * from WhatsApp Cloud and from an Evolution {@code @lid} sender, conversation views (contact, last
 * message, awaiting reply, handler, sort, q, channel), transcript paging, and tenant scoping.
 */
class InboxApiTest {
    private static String databaseUrl;
    private ServerFixture f;
    private ServerFixture.Tenant t;
    private String instance;

    @BeforeAll
    static void database() {
        databaseUrl = PgTestDatabase.fresh("h21_inbox_api_test");
    }

    @BeforeEach
    void start() {
        f = new ServerFixture(Map.of("DATABASE_URL", databaseUrl), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Olá! Como posso ajudar?");
        OpenAiStubs.metaAccepts(f.wiremock);
        t = f.tenant(50, "\"debounce_ms\":0");
        instance = "loja-" + UUID.randomUUID().toString().substring(0, 8);
        f.adminOk("POST", "/users/" + t.userId() + "/phone_numbers", "{\"type\":\"whatsapp\",\"provider\":\"evolution\",\"phone_number_id\":\""
                + instance + "\",\"external_number\":\"+5511977776666\",\"access_token\":\"instance-token-123\",\"server_url\":\""
                + f.wiremock.baseUrl() + "/evo\",\"webhook_token\":\"hook-secret-456\"}");
        f.adminOk("POST", "/users/" + t.userId() + "/agents", "{\"name\":\"Evo\",\"phone_number_id\":\"" + instance
                + "\",\"prompt_id\":\"pmpt_evo\",\"debounce_ms\":0}");
        f.wiremock.stubFor(post(urlPathEqualTo("/evo/message/sendText/" + instance)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"key\":{\"remoteJid\":\"123456789012345@lid\",\"fromMe\":true,\"id\":\"3EB0SENT" + UUID.randomUUID().toString().substring(0, 8)
                        + "\"},\"status\":\"PENDING\",\"message\":{\"conversation\":\"x\"},\"messageType\":\"conversation\",\"messageTimestamp\":1761041790}")));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String path(String rest) {
        return "/users/" + t.userId() + rest;
    }

    private JsonNode get(String rest) {
        return f.adminOk("GET", path(rest), null);
    }

    /** A WhatsApp Cloud customer (profile name "Sheena Nelson", wa_id {@code from}) writes. */
    private void cloud(String from, String text) {
        assertThat(f.postWebhook(MetaPayloads.message(t.phoneNumberId(), from, "wamid." + UUID.randomUUID(), text)).statusCode()).isEqualTo(200);
    }

    /** An Evolution customer WhatsApp addresses by its {@code @lid} privacy id, the number in {@code remoteJidAlt}. */
    private void evolutionLid(String text) {
        String body = "{\"event\":\"messages.upsert\",\"instance\":\"" + instance + "\",\"data\":{\"key\":{\"remoteJid\":\"123456789012345@lid\","
                + "\"remoteJidAlt\":\"5511999999999@s.whatsapp.net\",\"fromMe\":false,\"id\":\"3EB0" + UUID.randomUUID().toString().substring(0, 12)
                + "\"},\"pushName\":\"Maria Silva\",\"status\":\"DELIVERY_ACK\",\"message\":{\"conversation\":\"" + text + "\"},"
                + "\"messageType\":\"conversation\",\"messageTimestamp\":1761041730},\"date_time\":\"2025-10-21T07:15:30.123Z\","
                + "\"sender\":\"5511977776666@s.whatsapp.net\",\"apikey\":null}";
        assertThat(f.send("POST", "/webhooks/evolution", body, Map.of("Authorization", "Bearer hook-secret-456")).statusCode()).isEqualTo(200);
    }

    private JsonNode conversationOf(String name) {
        for (JsonNode c : get("/conversations").get("conversations")) {
            if (name.equals(c.at("/contact/name").asText())) return c;
        }
        return null;
    }

    /** Waits until the conversation of this contact has its bot reply as newest message. */
    private JsonNode answered(String name) {
        ServerFixture.await(name + " answered", () -> {
            JsonNode c = conversationOf(name);
            return c != null && c.at("/last_message/direction").asText().equals("outbound");
        });
        return conversationOf(name);
    }

    private static List<String> names(JsonNode array, String pointer) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.at(pointer).asText()));
        return out;
    }

    @Test
    void contacts_show_e164_phones_from_whatsapp_cloud_and_from_an_evolution_lid_sender_and_are_searchable() {
        cloud("16505551234", "Hi there");
        answered("Sheena Nelson");
        evolutionLid("Oi, tudo bem?");
        answered("Maria Silva");

        JsonNode list = get("/contacts");
        assertThat(list.get("user_id").asText()).isEqualTo(t.userId());
        assertThat(list.get("limit").asInt()).isEqualTo(50);
        assertThat(list.get("offset").asInt()).isZero();
        assertThat(names(list.get("contacts"), "/name")).containsExactly("Maria Silva", "Sheena Nelson");
        JsonNode maria = list.at("/contacts/0");
        assertThat(maria.get("phone").asText()).isEqualTo("+5511999999999");
        assertThat(maria.get("channel").asText()).isEqualTo("whatsapp");
        assertThat(maria.get("channel_user_id").asText()).isEqualTo("5511999999999");
        assertThat(maria.hasNonNull("created_at")).isTrue();
        assertThat(maria.hasNonNull("last_message_at")).isTrue();
        assertThat(maria.has("email")).isTrue();
        JsonNode sheena = list.at("/contacts/1");
        assertThat(sheena.get("phone").asText()).isEqualTo("+16505551234");
        assertThat(sheena.get("channel_user_id").asText()).isEqualTo("16505551234");

        assertThat(names(get("/contacts?q=maria").get("contacts"), "/name")).containsExactly("Maria Silva");
        assertThat(names(get("/contacts?q=650555").get("contacts"), "/name")).containsExactly("Sheena Nelson");
        assertThat(names(get("/contacts?q=%2B55%2011%209999").get("contacts"), "/name")).containsExactly("Maria Silva");
        assertThat(get("/contacts?channel=instagram").get("contacts")).isEmpty();
        assertThat(get("/contacts?channel=whatsapp").get("contacts")).hasSize(2);
        assertThat(names(get("/contacts?limit=1&offset=1").get("contacts"), "/name")).containsExactly("Sheena Nelson");

        JsonNode detail = get("/contacts/" + maria.get("contact_id").asText());
        assertThat(detail.get("name").asText()).isEqualTo("Maria Silva");
        assertThat(detail.get("phone").asText()).isEqualTo("+5511999999999");
        assertThat(detail.get("conversations")).hasSize(1);
        assertThat(detail.at("/conversations/0/phone_number_id").asText()).isEqualTo(instance);
        assertThat(detail.at("/conversations/0/contact/contact_id").asText()).isEqualTo(maria.get("contact_id").asText());
        assertThat(f.admin("GET", path("/contacts/contact_missing"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void conversation_views_embed_contact_and_last_message_and_follow_the_reply_the_takeover_and_new_activity() {
        f.wiremock.stubFor(post(urlPathEqualTo("/v1/responses")).willReturn(okJson(OpenAiStubs.response("Olá! Como posso ajudar?"))
                .withFixedDelay(2500)));
        cloud("16505551234", "Quanto custa?");
        ServerFixture.await("conversation listed", () -> conversationOf("Sheena Nelson") != null);
        JsonNode waiting = conversationOf("Sheena Nelson");
        assertThat(waiting.get("awaiting_reply").asBoolean()).as("the customer wrote last: %s", waiting).isTrue();
        assertThat(waiting.at("/last_message/direction").asText()).isEqualTo("inbound");
        assertThat(waiting.at("/last_message/text").asText()).isEqualTo("Quanto custa?");

        JsonNode c = answered("Sheena Nelson");
        String convId = c.get("conversation_id").asText();
        assertThat(c.get("awaiting_reply").asBoolean()).isFalse();
        assertThat(c.at("/last_message/sender").asText()).isEqualTo("agent");
        assertThat(c.at("/last_message/text").asText()).isEqualTo("Olá! Como posso ajudar?");
        assertThat(c.at("/last_message/message_id").asText()).isNotBlank();
        assertThat(c.at("/last_message/type").asText()).isEqualTo("text");
        assertThat(c.at("/last_message/created_at").asText()).isNotBlank();
        assertThat(c.at("/contact/name").asText()).isEqualTo("Sheena Nelson");
        assertThat(c.at("/contact/phone").asText()).isEqualTo("+16505551234");
        assertThat(c.get("customer_phone").asText()).isEqualTo("+16505551234");
        assertThat(c.get("handled_by").asText()).isEqualTo("bot");
        assertThat(c.get("is_active").asBoolean()).isTrue();
        assertThat(c.get("message_count").asInt()).isEqualTo(2);
        assertThat(Instant.parse(c.get("window_open_until").asText()))
                .isEqualTo(Instant.parse(c.get("last_inbound_at").asText()).plus(Duration.ofHours(24)));
        JsonNode single = get("/conversations/" + convId);
        assertThat(single.get("conversation_id").asText()).isEqualTo(convId);
        assertThat(single.at("/last_message/message_id").asText()).isEqualTo(c.at("/last_message/message_id").asText());
        assertThat(single.get("contact")).isEqualTo(c.get("contact"));

        JsonNode patched = f.adminOk("PATCH", path("/conversations/" + convId), "{\"status\":\"paused\"}");
        // the answer is the inbox view too, so a console can replace its row with it
        assertThat(patched.get("status").asText()).isEqualTo("paused");
        assertThat(patched.get("handled_by").asText()).isEqualTo("human");
        assertThat(patched.get("contact")).isEqualTo(c.get("contact"));
        assertThat(get("/conversations/" + convId).get("handled_by").asText()).isEqualTo("human");

        OpenAiStubs.replyWith(f.wiremock, "Oi Maria!");
        evolutionLid("Bom dia");
        answered("Maria Silva");
        assertThat(names(get("/conversations").get("conversations"), "/contact/name")).containsExactly("Maria Silva", "Sheena Nelson");
        assertThat(get("/conversations?sort=last_activity").at("/conversations/0/contact/name").asText()).isEqualTo("Maria Silva");
        cloud("16505551234", "Ainda estou aqui");
        ServerFixture.await("Sheena's new message first", () ->
                get("/conversations").at("/conversations/0/contact/name").asText().equals("Sheena Nelson"));
        assertThat(get("/conversations").at("/conversations/0/awaiting_reply").asBoolean()).isTrue(); // paused: nobody answers
        assertThat(names(get("/conversations?sort=created_at").get("conversations"), "/contact/name"))
                .containsExactly("Maria Silva", "Sheena Nelson");

        assertThat(names(get("/conversations?q=sheena").get("conversations"), "/contact/name")).containsExactly("Sheena Nelson");
        assertThat(names(get("/conversations?q=5511999").get("conversations"), "/contact/name")).containsExactly("Maria Silva");
        assertThat(get("/conversations?channel=instagram").get("conversations")).isEmpty();
        assertThat(get("/conversations?channel=whatsapp").get("conversations")).hasSize(2);
        assertThat(names(get("/conversations?status=paused").get("conversations"), "/contact/name")).containsExactly("Sheena Nelson");
        assertThat(get("/conversations?limit=1&offset=1").get("conversations")).hasSize(1);
    }

    @Test
    void the_transcript_pages_backwards_from_the_newest_and_forwards_after_a_sequence_number() {
        cloud("16505551234", "Quero falar com alguém");
        String convId = answered("Sheena Nelson").get("conversation_id").asText();
        f.adminOk("PATCH", path("/conversations/" + convId), "{\"status\":\"paused\"}");
        for (int i = 3; i <= 10; i++) {
            f.adminOk("POST", path("/conversations/" + convId + "/messages"), "{\"text\":\"m" + i + "\"}");
        }
        String messages = "/conversations/" + convId + "/messages";

        JsonNode newest = get(messages + "?limit=4");
        assertThat(newest.get("conversation_id").asText()).isEqualTo(convId);
        assertThat(names(newest.get("messages"), "/sequence_no")).containsExactly("7", "8", "9", "10");
        assertThat(newest.get("has_more").asBoolean()).isTrue();
        assertThat(names(get(messages + "?before_seq=7&limit=4").get("messages"), "/sequence_no")).containsExactly("3", "4", "5", "6");
        JsonNode oldest = get(messages + "?before_seq=3&limit=4");
        assertThat(names(oldest.get("messages"), "/sequence_no")).containsExactly("1", "2");
        assertThat(oldest.get("has_more").asBoolean()).isFalse();
        assertThat(oldest.at("/messages/0/text").asText()).isEqualTo("Quero falar com alguém");
        JsonNode forward = get(messages + "?after_seq=2&limit=3");
        assertThat(names(forward.get("messages"), "/sequence_no")).containsExactly("3", "4", "5");
        assertThat(forward.get("has_more").asBoolean()).isTrue();
        JsonNode end = get(messages + "?after_seq=8&limit=4");
        assertThat(names(end.get("messages"), "/text")).containsExactly("m9", "m10");
        assertThat(end.get("has_more").asBoolean()).isFalse();
        JsonNode all = get(messages);
        assertThat(all.get("messages")).hasSize(10);
        assertThat(all.get("has_more").asBoolean()).isFalse();

        assertBadParam(messages + "?limit=abc", "limit");
        assertBadParam(messages + "?limit=201", "limit");
        assertBadParam(messages + "?after_seq=x", "after_seq");
        assertBadParam("/conversations?sort=newest", "sort");
        assertBadParam("/conversations?status=sleeping", "status");
        assertBadParam("/conversations?limit=500", "limit");
        assertBadParam("/contacts?limit=-1", "limit");
        assertThat(f.admin("GET", path("/conversations/conv_missing/messages"), null).statusCode()).isEqualTo(404);
    }

    private void assertBadParam(String rest, String param) {
        HttpResponse<String> r = f.admin("GET", path(rest), null);
        assertThat(r.statusCode()).as(rest + " → " + r.body()).isEqualTo(400);
        assertThat(Json.read(r.body()).get("error").asText()).startsWith(param);
    }

    @Test
    void a_tenant_key_gets_404_on_another_tenants_contact_and_conversation() {
        cloud("16505551234", "Oi");
        JsonNode conv = answered("Sheena Nelson");
        String contactId = conv.get("contact_id").asText();
        String convId = conv.get("conversation_id").asText();
        ServerFixture.Tenant other = f.tenant(0, "");
        String otherKey = f.adminOk("POST", "/users/" + other.userId() + "/api_keys", "{\"name\":\"console\"}").get("api_key").asText();
        String ownKey = f.adminOk("POST", "/users/" + t.userId() + "/api_keys", "{\"name\":\"console\"}").get("api_key").asText();
        Map<String, String> as = Map.of("x-api-key", otherKey);

        assertThat(f.send("GET", path("/contacts/" + contactId), null, as).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", path("/contacts"), null, as).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", path("/conversations/" + convId + "/messages"), null, as).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", "/users/" + other.userId() + "/contacts/" + contactId, null, as).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", "/users/" + other.userId() + "/conversations/" + convId, null, as).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", "/users/" + other.userId() + "/conversations/" + convId + "/messages", null, as).statusCode()).isEqualTo(404);
        JsonNode empty = Json.read(f.send("GET", "/users/" + other.userId() + "/contacts", null, as).body());
        assertThat(empty.get("contacts")).isEmpty();

        Map<String, String> own = Map.of("x-api-key", ownKey);
        assertThat(f.send("GET", path("/contacts/" + contactId), null, own).statusCode()).isEqualTo(200);
        assertThat(f.send("GET", path("/conversations/" + convId + "/messages"), null, own).statusCode()).isEqualTo(200);
    }
}
