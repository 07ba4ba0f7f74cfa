package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WEBHOOK_INGEST=deferred on PostgreSQL: the webhook is answered once the verified delivery is in the
 * inbound journal; the worker (here the server's own) stores its events and answers the customer.
 */
class DeferredIngestServerTest {
    private static String db;
    private static ServerFixture f;

    @BeforeAll
    static void start() {
        db = PgTestDatabase.fresh("sbtest_deferred");
        f = new ServerFixture(Map.of("DATABASE_URL", db, "WEBHOOK_INGEST", "deferred"), s -> {});
        OpenAiStubs.replyWith(f.wiremock, "Olá! Como posso ajudar?");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void a_signed_webhook_is_answered_once_journaled_and_the_reply_follows_from_the_worker() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String wamid = "wamid.HBgL" + UUID.randomUUID();
        String body = MetaPayloads.message(t.phoneNumberId(), "16505550177", wamid, "Oi, tudo bem?");

        HttpResponse<String> answer = f.postWebhook(body);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode json = Json.read(answer.body());
        assertThat(json.path("status").asText()).isEqualTo("accepted");
        assertThat(json.path("journal_entry").asText()).startsWith("inb_");
        String path = "/v23.0/" + t.phoneNumberId() + "/messages";
        ServerFixture.await("the reply sent to Meta", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo(path))).size() == 1);
        assertThat(PgTestDatabase.count(db, "select count(*) from messages where external_id = '" + wamid + "'")).isEqualTo(1);
        ServerFixture.await("the journal entry deleted once processed",
                () -> PgTestDatabase.count(db, "select count(*) from inbound_journal") == 0);
        // counted as journaled where it was answered, and as accepted where it was processed (here one process)
        String metrics = f.send("GET", "/metrics", null, Map.of()).body();
        assertThat(metrics).contains("switchboard_webhook_requests_total{channel=\"whatsapp\",outcome=\"journaled\"} 1.0")
                .contains("switchboard_webhook_requests_total{channel=\"whatsapp\",outcome=\"accepted\"} 1.0")
                .contains("switchboard_inbound_journal_backlog_seconds 0.0"); // nothing waits any more
        // the webhook log has the delivery, written by the worker that processed it
        f.server.engine().flushWebhookLog();
        assertThat(PgTestDatabase.count(db, "select count(*) from webhook_logs where success and payload like '%" + wamid + "%'"))
                .isEqualTo(1);
    }

    @Test
    void a_forged_webhook_is_refused_at_once_and_journals_nothing() {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String body = MetaPayloads.message(t.phoneNumberId(), "16505550178", "wamid.HBgL" + UUID.randomUUID(), "Oi");
        HttpResponse<String> answer = f.send("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(PgTestDatabase.count(db, "select count(*) from inbound_journal")).isZero();
    }
}
