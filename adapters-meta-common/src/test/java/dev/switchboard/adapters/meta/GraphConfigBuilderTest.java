package dev.switchboard.adapters.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.support.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GraphConfigBuilderTest {
    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** The smallest channel builder: it reads back what the shared part built. */
    private static final class Probe extends GraphConfigBuilder<Probe> {
        Probe() {
            super("https://graph.example.com/v23.0", "EXAMPLE_API_BASE_URL");
        }

        @Override
        protected Probe self() {
            return this;
        }
    }

    @Test
    void defaults_to_the_given_base_url_a_30_s_call_and_a_10_s_connect_timeout() {
        Probe probe = new Probe();
        assertThat(probe.builtBaseUrl().toString()).isEqualTo("https://graph.example.com/v23.0");
        OkHttpClient client = probe.builtHttpClient();
        assertThat(client.callTimeoutMillis()).isEqualTo(30_000);
        assertThat(client.connectTimeoutMillis()).isEqualTo(10_000);
        assertThat(probe.builtAppSecret()).isNull();
        assertThat(probe.builtVerifyToken()).isNull();
    }

    @Test
    void blank_secrets_count_as_not_set_and_set_ones_are_kept() {
        Probe probe = new Probe().appSecret("  ").verifyToken("");
        assertThat(probe.builtAppSecret()).isNull();
        assertThat(probe.builtVerifyToken()).isNull();
        probe.appSecret("s3cret").verifyToken("tok");
        assertThat(probe.builtAppSecret().value()).isEqualTo("s3cret");
        assertThat(probe.builtVerifyToken().value()).isEqualTo("tok");
    }

    @Test
    void a_given_client_is_used_as_is_and_timeouts_apply_only_to_a_created_one() {
        OkHttpClient own = new OkHttpClient();
        assertThat(new Probe().httpClient(own).timeout(Duration.ofSeconds(1)).builtHttpClient()).isSameAs(own);
        OkHttpClient created = new Probe().timeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2)).builtHttpClient();
        assertThat(created.callTimeoutMillis()).isEqualTo(5_000);
        assertThat(created.connectTimeoutMillis()).isEqualTo(2_000);
    }

    @Test
    void a_base_url_that_is_not_http_names_the_variable() {
        assertThatThrownBy(() -> new Probe().apiBaseUrl("graph.example.com").builtBaseUrl())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.setting()).isEqualTo("EXAMPLE_API_BASE_URL");
                    assertThat(e.reason()).contains("'graph.example.com'").contains("https://graph.example.com/v23.0");
                });
    }

    @Test
    void a_created_client_keeps_the_connections_of_twelve_concurrent_sends_open_for_the_next_ones() throws Exception {
        graph.stubFor(get("/v23.0/me").willReturn(okJson("{\"id\":\"1\"}").withFixedDelay(300)));
        OkHttpClient client = new Probe().builtHttpClient();
        int calls = 12;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(calls)) {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                codes.add(pool.submit(() -> {
                    start.await();
                    try (Response r = client.newCall(new Request.Builder().url(graph.baseUrl() + "/v23.0/me").build()).execute()) {
                        r.body().string();
                        return r.code();
                    }
                }));
            }
            start.countDown();
            for (Future<Integer> c : codes) assertThat(c.get()).isEqualTo(200);
        }
        // OkHttp's default pool (5 idle) closes the rest on its own thread as they come back: watch a while
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < until) {
            assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(calls);
            Thread.onSpinWait();
        }
    }
}
