package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: Prometheus text, no key needed, moved by the traffic the server handles. */
class MetricsTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
        OpenAiStubs.replyWith(f.wiremock, "Sim, temos em azul.");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> scrape() {
        return f.send("GET", "/metrics", null, Map.of());
    }

    /** One sample, by its name and labels as the text writes them; 0 when the series does not exist yet. */
    private double metric(String series) {
        return scrape().body().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1))).orElse(0.0);
    }

    @Test
    void a_signed_webhook_answered_once_moves_the_stored_turn_model_and_send_counters() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String body = MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid.HBgL" + UUID.randomUUID().toString().replace("-", ""), "Oi");
        assertThat(f.postWebhook(body).statusCode()).isEqualTo(200);
        assertThat(f.postWebhook(body).statusCode()).isEqualTo(200);
        assertThat(f.send("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64))).statusCode())
                .isEqualTo(401);
        ServerFixture.await("the reply sent and counted", () ->
                f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).size() == 1
                        && metric("switchboard_sends_total{channel=\"whatsapp\",outcome=\"sent\"}") == 1);

        HttpResponse<String> r = scrape();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metric("switchboard_webhook_events_total{channel=\"whatsapp\",outcome=\"stored\"}")).isEqualTo(1);
        assertThat(metric("switchboard_webhook_events_total{channel=\"whatsapp\",outcome=\"duplicate\"}")).isEqualTo(1);
        assertThat(metric("switchboard_webhook_requests_total{channel=\"whatsapp\",outcome=\"accepted\"}")).isEqualTo(2);
        assertThat(metric("switchboard_webhook_requests_total{channel=\"whatsapp\",outcome=\"rejected\"}")).isEqualTo(1);
        assertThat(metric("switchboard_turns_total{outcome=\"replied\"}")).isEqualTo(1);
        assertThat(metric("switchboard_model_calls_seconds_count{outcome=\"answered\"}")).isEqualTo(1);
        assertThat(metric("switchboard_model_calls_seconds_count{outcome=\"fallback\"}")).isZero();
        assertThat(metric("switchboard_sends_total{channel=\"whatsapp\",outcome=\"failed\"}")).isZero();
        assertThat(r.body()).contains("jvm_memory_used_bytes", "jvm_gc_", "process_uptime_seconds");
    }

    @Test
    void metrics_need_no_admin_key_and_the_admin_api_still_does() {
        assertThat(scrape().statusCode()).isEqualTo(200);
        assertThat(f.send("GET", "/users/usr_x", null, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void every_request_is_timed_by_its_route_template_method_and_status() {
        f.admin("GET", "/users/usr_one", null);
        f.admin("GET", "/users/usr_two", null);
        f.send("GET", "/users/usr_one", null, Map.of());
        f.send("GET", "/no/such/path", null, Map.of());

        assertThat(metric("http_server_requests_seconds_count{method=\"GET\",status=\"404\",uri=\"/users/{user_id}\"}"))
                .as("two ids, one series").isEqualTo(2);
        assertThat(metric("http_server_requests_seconds_count{method=\"GET\",status=\"401\",uri=\"/users/*\"}"))
                .as("refused before routing: the guard's pattern").isEqualTo(1);
        assertThat(metric("http_server_requests_seconds_count{method=\"GET\",status=\"404\",uri=\"unmatched\"}")).isEqualTo(1);
        assertThat(scrape().body()).doesNotContain("usr_one").contains("uri=\"unmatched\"");
    }
}
