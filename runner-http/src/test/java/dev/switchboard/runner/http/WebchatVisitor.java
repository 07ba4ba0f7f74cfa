package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A web chat visitor speaking the widget's protocol over plain HTTP, for tests without a browser. */
final class WebchatVisitor {
    final ServerFixture server;
    final String widget;
    final String origin;
    String token;

    WebchatVisitor(ServerFixture server, String widget, String origin) {
        this.server = server;
        this.widget = widget;
        this.origin = origin;
    }

    /** A tenant with a web chat widget (allowed origins as given) and an agent answering after 100 ms. */
    static String widget(ServerFixture server, String user, String... allowedOrigins) {
        String widget = "site-" + UUID.randomUUID().toString().substring(0, 8);
        server.adminOk("POST", "/users", "{\"user_id\":\"" + user + "\",\"email\":\"" + user + "@example.com\"}");
        String origins = String.join("\",\"", allowedOrigins);
        server.adminOk("POST", "/users/" + user + "/phone_numbers", "{\"type\":\"webchat\",\"phone_number_id\":\"" + widget
                + "\",\"display_name\":\"Loja\",\"allowed_origins\":[" + (origins.isEmpty() ? "" : "\"" + origins + "\"") + "]}");
        server.adminOk("POST", "/users/" + user + "/agents", "{\"name\":\"Sales\",\"phone_number_id\":\"" + widget
                + "\",\"instructions\":\"Be helpful.\",\"debounce_ms\":100}");
        server.adminOk("POST", "/users/" + user + "/credits", "{\"amount\":100}");
        return widget;
    }

    HttpResponse<String> startSession() {
        var r = server.send("POST", "/webchat/" + widget + "/sessions", "{}", headers());
        if (r.statusCode() / 100 == 2) token = Json.read(r.body()).get("token").asText();
        return r;
    }

    WebchatVisitor session() {
        var r = startSession();
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return this;
    }

    HttpResponse<String> post(String text, String clientMessageId) {
        return postRaw("{\"text\":" + quote(text) + ",\"client_message_id\":\"" + clientMessageId + "\"}");
    }

    HttpResponse<String> postRaw(String body) {
        return server.send("POST", "/webchat/" + widget + "/messages", body, headers());
    }

    List<JsonNode> history() {
        var r = server.send("GET", "/webchat/" + widget + "/messages", null, headers());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        Json.read(r.body()).get("messages").forEach(out::add);
        return out;
    }

    Map<String, String> headers() {
        Map<String, String> h = new HashMap<>();
        if (token != null) h.put("Authorization", "Bearer " + token);
        if (origin != null) h.put("Origin", origin);
        return h;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
