package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The visitor protocol over plain HTTP: idempotency, origins, tokens, limits, and resuming the live stream. */
class WebchatProtocolTest {
    static final String SHOP = "https://shop.example";
    static ServerFixture server;

    @BeforeAll
    static void start() {
        server = new ServerFixture(Map.of("WEBCHAT_RATE_LIMIT", "5", "WEBCHAT_MAX_TEXT", "100"), s -> {});
        OpenAiStubs.replyWith(server.wiremock, "We ship to Lisbon in 2 days.");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twenty_concurrent_retries_of_one_client_message_id_store_one_message() throws Exception {
        String widget = WebchatVisitor.widget(server, "usr_idem", SHOP);
        WebchatVisitor visitor = new WebchatVisitor(server, widget, SHOP).session();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                    go.await();
                    return visitor.post("Do you ship to Lisbon?", "retry-1");
                }));
            }
            go.countDown();
            for (var a : answers) assertThat(a.get().statusCode()).as(a.get().body()).isEqualTo(202);
        }

        ServerFixture.await("the agent's reply", () -> visitor.history().stream().anyMatch(m -> m.get("sender").asText().equals("agent")));
        assertThat(visitor.history()).filteredOn(m -> m.get("sender").asText().equals("visitor")).singleElement()
                .satisfies(m -> assertThat(m.get("client_message_id").asText()).isEqualTo("retry-1"));
        assertThat(visitor.history()).filteredOn(m -> m.get("sender").asText().equals("agent")).hasSize(1);
    }

    @Test
    void a_site_outside_allowed_origins_is_refused_on_sessions_messages_and_stream() {
        String widget = WebchatVisitor.widget(server, "usr_origin", SHOP);
        WebchatVisitor honest = new WebchatVisitor(server, widget, SHOP).session();
        WebchatVisitor evil = new WebchatVisitor(server, widget, "https://evil.example");

        assertThat(evil.startSession().statusCode()).isEqualTo(403);
        evil.token = honest.token; // a token copied onto another site
        assertThat(evil.post("hi", "x1").statusCode()).isEqualTo(403);
        assertThat(server.send("GET", "/webchat/" + widget + "/stream", null, evil.headers()).statusCode()).isEqualTo(403);
        assertThat(server.send("OPTIONS", "/webchat/" + widget + "/messages", null, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST")).statusCode()).isEqualTo(403);

        var preflight = server.send("OPTIONS", "/webchat/" + widget + "/messages", null, Map.of("Origin", SHOP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("authorization");
    }

    @Test
    void a_token_of_another_widget_is_refused_and_a_missing_one_is_401() {
        String mine = WebchatVisitor.widget(server, "usr_tok_a", SHOP);
        String theirs = WebchatVisitor.widget(server, "usr_tok_b", SHOP);
        WebchatVisitor visitor = new WebchatVisitor(server, theirs, SHOP).session();
        WebchatVisitor thief = new WebchatVisitor(server, mine, SHOP);
        thief.token = visitor.token;

        var r = thief.post("hello", "t1");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("another widget");
        thief.token = null;
        assertThat(thief.post("hello", "t2").statusCode()).isEqualTo(401);
        thief.token = visitor.token.substring(0, visitor.token.length() - 3) + "AAA";
        assertThat(thief.post("hello", "t3").statusCode()).isEqualTo(401);
    }

    @Test
    void a_returning_visitor_keeps_identity_and_history() {
        String widget = WebchatVisitor.widget(server, "usr_return", SHOP);
        WebchatVisitor visitor = new WebchatVisitor(server, widget, SHOP).session();
        String first = Json.read(visitor.startSession().body()).get("visitor_id").asText();
        assertThat(visitor.post("remember me", "r1").statusCode()).isEqualTo(202);

        var again = visitor.startSession();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.read(again.body()).get("visitor_id").asText()).isEqualTo(first);
        assertThat(visitor.history()).anyMatch(m -> m.get("text").asText().equals("remember me"));
    }

    @Test
    void text_over_the_limit_is_400_naming_text_and_a_huge_body_is_413() {
        String widget = WebchatVisitor.widget(server, "usr_size", SHOP);
        WebchatVisitor visitor = new WebchatVisitor(server, widget, SHOP).session();

        var tooLong = visitor.post("x".repeat(101), "s1");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(Json.read(tooLong.body()).get("field").asText()).isEqualTo("text");
        assertThat(visitor.post("x".repeat(100_000), "s2").statusCode()).isEqualTo(413);
        assertThat(visitor.postRaw("{\"text\":\"hi\"}").statusCode()).isEqualTo(400);
        assertThat(visitor.postRaw("not json").statusCode()).isEqualTo(400);
        assertThat(visitor.post("x".repeat(100), "s3").statusCode()).isEqualTo(202);
    }

    @Test
    void the_sixth_message_in_a_minute_is_429_with_retry_after() {
        String widget = WebchatVisitor.widget(server, "usr_rate", SHOP);
        WebchatVisitor visitor = new WebchatVisitor(server, widget, SHOP).session();
        for (int i = 0; i < 5; i++) assertThat(visitor.post("msg " + i, "m" + i).statusCode()).isEqualTo(202);

        var refused = visitor.post("one too many", "m5");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L)).isBetween(1L, 60L);
        assertThat(new WebchatVisitor(server, widget, SHOP).session().post("another visitor", "o1").statusCode())
                .as("the limit is per visitor").isEqualTo(202);
    }

    @Test
    void the_live_stream_delivers_the_reply_and_a_reconnect_with_last_event_id_resumes_after_it() throws Exception {
        String widget = WebchatVisitor.widget(server, "usr_stream", SHOP);
        WebchatVisitor visitor = new WebchatVisitor(server, widget, SHOP).session();
        assertThat(visitor.post("Do you ship to Lisbon?", "l1").statusCode()).isEqualTo(202);

        List<JsonNode> firstConnection = readStream(widget, visitor, null, 2);
        assertThat(firstConnection).extracting(m -> m.get("sender").asText()).containsExactly("visitor", "agent");
        assertThat(firstConnection.get(1).get("text").asText()).isEqualTo("We ship to Lisbon in 2 days.");

        assertThat(visitor.post("Thanks!", "l2").statusCode()).isEqualTo(202);
        List<JsonNode> resumed = readStream(widget, visitor, firstConnection.get(1).get("id").asText(), 1);
        assertThat(resumed).singleElement().satisfies(m -> assertThat(m.get("text").asText()).isEqualTo("Thanks!"));
    }

    /** Opens the stream and returns its first {@code count} message events. */
    private static List<JsonNode> readStream(String widget, WebchatVisitor visitor, String lastEventId, int count) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(server.url("/webchat/" + widget + "/stream"))).GET();
        visitor.headers().forEach(b::header);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<java.io.InputStream> r = server.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> messages = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; messages.size() < count && (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ") && "message".equals(event)) messages.add(Json.read(line.substring(6)));
            }
        }
        return messages;
    }
}
