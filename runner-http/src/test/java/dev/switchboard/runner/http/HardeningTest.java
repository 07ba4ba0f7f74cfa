package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 16's items against the real server on PostgreSQL: each test fails on the code before the issue. */
class HardeningTest {
    static String db;
    static ServerFixture f;

    @BeforeAll
    static void start() {
        db = PgTestDatabase.fresh("sbtest_h13_hardening");
        f = new ServerFixture(Map.of("DATABASE_URL", db), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Claro!");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Item 1: a 100 MB chunked body is refused 413 after at most the cap (plus socket buffers) was sent. */
    @Test
    void chunkedBodyOverTheCapIs413AfterAtMostTheCapRead() throws Exception {
        AtomicLong sent = new AtomicLong();
        String status;
        try (Socket s = new Socket("localhost", f.server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Hub-Signature-256: sha256=00\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 1600; i++) { // 100 MB
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    // the server closed the connection: what we wanted
                }
            });
            InputStream in = s.getInputStream();
            status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            writer.join(20_000);
        }
        assertThat(status).isEqualTo("HTTP/1.1 413");
        // 4 MB read by the server; the rest sat in kernel socket buffers, far from 100 MB
        assertThat(sent.get()).isLessThan(24L * 1024 * 1024);
        assertThat(f.send("GET", "/health", null, Map.of()).statusCode()).isEqualTo(200);
    }

    /** Item 1, API side: a chunked 10 MB admin body is refused, nothing stored. */
    @Test
    void chunkedAdminBodyOverTheCapIsRefused() throws Exception {
        long before = PgTestDatabase.count(db, "select count(*) from tenants");
        String big = "{\"user_id\":\"usr_big\",\"email\":\"a@b.co\",\"company_name\":\"" + "x".repeat(10_000_000) + "\"}";
        var req = HttpRequest.newBuilder(URI.create(f.url("/users"))).header("x-api-key", ServerFixture.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        int status;
        try {
            status = f.http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            status = 413; // the server answered and closed while the client still wrote
        }
        assertThat(status).isEqualTo(413);
        assertThat(PgTestDatabase.count(db, "select count(*) from tenants")).isEqualTo(before);
    }

    /** Item 5: a declared Content-Length over the cap is 413 at once, no stack trace. */
    @Test
    void oversizedWebhookWithContentLengthIs413() {
        String big = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"" + "y".repeat(5_000_000) + "\"}";
        var r = f.postWebhook(big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    /** Item 11: an unknown charset is 415, not 500. */
    @Test
    void unknownCharsetIs415() {
        var r = raw("/users", "application/json; charset=foo", "{\"user_id\":\"usr_cs\",\"email\":\"a@b.co\",\"company_name\":\"X\"}");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).doesNotContain("Exception");
        var w = raw("/webhooks/whatsapp", "application/json; charset=\"x-unknown-1\"", "{}");
        assertThat(w.statusCode()).isEqualTo(415);
        assertThat(raw("/users", "application/json; charset=UTF-8", "{\"user_id\":\"usr_cs8\",\"email\":\"c8@b.co\",\"company_name\":\"X\"}")
                .statusCode()).isEqualTo(201);
    }

    static HttpResponse<String> raw(String path, String contentType, String body) {
        var req = HttpRequest.newBuilder(URI.create(f.url(path))).header("x-api-key", ServerFixture.ADMIN_KEY)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return f.http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Item 7: integers past 64 bits are refused naming the field, never wrapped. */
    @Test
    void hugeIntegersAre400NamingTheField() {
        var t = f.tenant(0, "");
        var credits = f.admin("POST", "/users/" + t.userId() + "/credits", "{\"amount\":18446744073709551716}");
        assertThat(credits.statusCode()).isEqualTo(400);
        assertThat(Json.read(credits.body()).get("field").asText()).isEqualTo("amount");
        var debounce = f.admin("PATCH", "/users/" + t.userId() + "/agents/" + t.agentId(), "{\"debounce_ms\":18446744073709551621}");
        assertThat(debounce.statusCode()).isEqualTo(400);
        assertThat(Json.read(debounce.body()).get("field").asText()).isEqualTo("debounce_ms");
        var fraction = f.admin("POST", "/users/" + t.userId() + "/credits", "{\"amount\":1.5}");
        assertThat(fraction.statusCode()).isEqualTo(400);
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/credits", null).toString()).doesNotContain("100");
    }

    /** Item 13: a 3 MB agent name is a 400 naming the field and the limit; JSON errors never name Java types. */
    @Test
    void lengthCapsAndPlainJsonErrors() {
        var t = f.tenant(0, "");
        var r = f.admin("PATCH", "/users/" + t.userId() + "/agents/" + t.agentId(), "{\"name\":\"" + "n".repeat(3_000_000) + "\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = Json.read(r.body());
        assertThat(body.get("field").asText()).isEqualTo("name");
        assertThat(body.get("error").asText()).contains("200");
        var bad = f.admin("POST", "/users", "[1,2]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("java.").doesNotContain("LinkedHashMap").doesNotContain("ArrayList");
        var broken = f.admin("POST", "/users", "{\"user_id\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).doesNotContain("java.").doesNotContain("MismatchedInput").doesNotContain("Jackson");
    }

    /** Item 3: U+0000 and a lone surrogate in text and name: stored (as U+FFFD) and answered on PostgreSQL. */
    @Test
    void nulAndLoneSurrogateAreStoredAndAnswered() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        var r = f.postWebhook(MetaPayloads.message(t.phoneNumberId(), "5511988887777", "wamid.NUL1", "oi\\u0000 tudo \\ud800 bem")
                .replace("Sheena Nelson", "Sheena\\u0000Nelson"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.read(r.body()).get("stored").asInt()).isEqualTo(1);
        ServerFixture.await("answered", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).size() == 1);
        String text = f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages").toString();
        assertThat(text).contains("oi\uFFFD tudo \uFFFD bem");
    }

    /** Item 4: the webhook's object value is neither echoed whole nor able to forge a log line. */
    @Test
    void objectValueIsCappedAndEscaped() {
        String body = "{\"object\":\"x\\nERROR forged line" + "z".repeat(1_000_000) + "\",\"entry\":[]}";
        var r = f.postWebhook(body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body().length()).isLessThan(1_000);
        assertThat(r.body()).doesNotContain("\nERROR").doesNotContain("\\nERROR forged");
    }

    /** Item 12: a forged signature writes no webhook-log row and is counted in metrics. */
    @Test
    void rejectedWebhookWritesNoLogRowAndIsCounted() {
        f.postWebhook("{\"object\":\"whatsapp_business_account\",\"entry\":[]}"); // let the batched writer settle
        long before = PgTestDatabase.count(db, "select count(*) from webhook_logs");
        for (int i = 0; i < 5; i++) {
            var r = f.send("POST", "/webhooks/whatsapp", "{\"object\":\"whatsapp_business_account\",\"entry\":[]}",
                    Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
            assertThat(r.statusCode()).isEqualTo(401);
        }
        try {
            Thread.sleep(1_500); // the webhook log is written in batches
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(PgTestDatabase.count(db, "select count(*) from webhook_logs where event_type = 'rejected'")).isZero();
        assertThat(PgTestDatabase.count(db, "select count(*) from webhook_logs")).isLessThanOrEqualTo(before + 1);
        String metrics = f.send("GET", "/metrics", null, Map.of()).body();
        assertThat(metrics).containsPattern("switchboard_webhook_requests_total\\{[^}]*outcome=\"rejected\"[^}]*\\} [1-9]");
    }
}
