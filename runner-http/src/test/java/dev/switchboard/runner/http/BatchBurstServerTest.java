package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: one webhook delivery is one burst. Meta batches several messages of one customer into
 * one delivery; with {@code debounce_ms} 0 they still get exactly one model call (one paid
 * generation) and one reply, which answers all three.
 */
class BatchBurstServerTest {
    private ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture();
        OpenAiStubs.replyWith(f.wiremock, "Temos sim, em azul e verde.");
        OpenAiStubs.metaAccepts(f.wiremock);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String wamid() {
        return "wamid.HBgL" + UUID.randomUUID().toString().replace("-", "");
    }

    private List<LoggedRequest> modelCalls() {
        return f.wiremock.findAll(postRequestedFor(urlPathEqualTo("/v1/responses")));
    }

    @Test
    void three_messages_in_one_delivery_with_debounce_zero_make_one_model_call_and_one_reply() throws Exception {
        var t = f.tenant(10, "\"debounce_ms\":0");
        String body = MetaPayloads.messages(t.phoneNumberId(), "16505551234",
                new String[] {wamid(), wamid(), wamid()}, new String[] {"Oi", "Tem camiseta?", "De que cores?"});
        assertThat(f.postWebhook(body).statusCode()).isEqualTo(200);

        String sends = "/v23.0/" + t.phoneNumberId() + "/messages";
        ServerFixture.await("the reply", () -> f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sends))).size() == 1);
        ServerFixture.await("the reply recorded", () -> messages(t).size() == 4);
        Thread.sleep(300); // give a wrongly split turn the chance to show itself

        assertThat(modelCalls()).hasSize(1);
        String asked = modelCalls().getFirst().getBodyAsString();
        assertThat(asked).contains("Oi").contains("Tem camiseta?").contains("De que cores?");
        assertThat(f.wiremock.findAll(postRequestedFor(urlPathEqualTo(sends)))).hasSize(1);
        assertThat(messages(t)).filteredOn(m -> m.get("sender").asText().equals("agent")).hasSize(1);
        assertThat(f.adminOk("GET", "/users/" + t.userId() + "/credits", null).get("remaining_credits").asLong()).isEqualTo(9);
    }

    private JsonNode messages(ServerFixture.Tenant t) {
        return f.adminOk("GET", "/users/" + t.userId() + "/messages", null).get("messages");
    }
}
