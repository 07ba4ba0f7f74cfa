package dev.switchboard.adapters.openai.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.adapters.openai.Sleeper;
import dev.switchboard.core.domain.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections of concurrent calls stay open for the next ones (OkHttp's default pool keeps only 5 idle). */
class OpenAiHttpConnectionPoolTest {
    @RegisterExtension
    static WireMockExtension openai = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void twelve_concurrent_calls_leave_twelve_connections_open_for_reuse() throws Exception {
        openai.stubFor(post("/v1/responses").willReturn(okJson("{\"id\":\"resp_1\"}").withFixedDelay(300)));
        OpenAiHttp http = new OpenAiHttp(OpenAiConfig.builder().baseUrl(openai.baseUrl() + "/v1")
                .apiKey(Secret.of("sk-test-0123456789abcdef")).timeout(Duration.ofSeconds(10)).maxRetries(0).build(), Sleeper.REAL);
        int calls = 12;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(calls)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return http.post("/responses", Map.of("model", "gpt-4.1-mini"), JsonNode.class).body().path("id").asText();
                }));
            }
            start.countDown();
            for (Future<String> a : answers) assertThat(a.get()).isEqualTo("resp_1");
        }
        // OkHttp evicts idle connections beyond the pool's size on its own thread as they come back: watch a while
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(http.idleConnections()).as("idle connections kept after %d overlapping calls", calls).isEqualTo(calls);
            Thread.onSpinWait();
        }
    }
}
