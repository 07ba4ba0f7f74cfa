package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** API_RATE_LIMIT caps admin requests per client; webhooks, health and metrics are never limited. */
class ApiRateLimitTest {

    @Test
    void the_admin_api_answers_429_with_retry_after_past_the_limit_and_webhooks_are_not_limited() throws Exception {
        try (var f = new ServerFixture(Map.of("API_RATE_LIMIT", "5"), s -> {})) {
            for (int i = 0; i < 5; i++) {
                var r = f.admin("GET", "/users/nobody", null);
                assertThat(r.statusCode()).as("request %d", i + 1).isEqualTo(404);
                assertThat(r.headers().firstValue("X-RateLimit-Remaining")).contains(Integer.toString(4 - i));
            }
            var limited = f.admin("GET", "/users/nobody", null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Json.read(limited.body()).get("error").asText()).contains("API_RATE_LIMIT");
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(f.admin("POST", "/users", "{\"email\":\"x@example.com\"}").statusCode())
                    .as("a write past the limit changes nothing").isEqualTo(429);

            for (int i = 0; i < 10; i++) {
                var webhook = f.postWebhook(MetaPayloads.message("106540352242922", "16505551234", "wamid.rl" + i, "oi"));
                assertThat(webhook.statusCode()).isEqualTo(200);
            }
            assertThat(f.send("GET", "/health", null, Map.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void zero_turns_the_limit_off() {
        try (var f = new ServerFixture(Map.of("API_RATE_LIMIT", "0"), s -> {})) {
            for (int i = 0; i < 30; i++) assertThat(f.admin("GET", "/users/nobody", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void with_redis_the_limit_is_shared_by_every_server_node() throws Exception {
        Map<String, String> env = Map.of("API_RATE_LIMIT", "5", "DATABASE_URL", ServerProcessIT.databaseUrl(),
                "REDIS_URL", System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379"),
                "REDIS_KEY_PREFIX", "sbtest:" + java.util.UUID.randomUUID().toString().substring(0, 8) + ":");
        try (var a = new ServerFixture(env, s -> {}); var b = new ServerFixture(env, s -> {})) {
            for (int i = 0; i < 3; i++) assertThat(a.admin("GET", "/users/nobody", null).statusCode()).isEqualTo(404);
            for (int i = 0; i < 2; i++) assertThat(b.admin("GET", "/users/nobody", null).statusCode()).isEqualTo(404);

            var limited = a.admin("GET", "/users/nobody", null);
            assertThat(limited.statusCode()).as("the sixth request of the minute, whichever node takes it").isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(b.admin("GET", "/users/nobody", null).statusCode()).isEqualTo(429);

            // each limited request was one script call on Redis, counted by the node that made it
            assertThat(scriptCalls(a)).isGreaterThanOrEqualTo(4);
            assertThat(scriptCalls(b)).isGreaterThanOrEqualTo(3);
        }
    }

    private static double scriptCalls(ServerFixture f) {
        String series = "switchboard_redis_script_calls_total ";
        return f.send("GET", "/metrics", null, Map.of()).body().lines().filter(l -> l.startsWith(series)).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length()))).orElseThrow(() -> new AssertionError("no " + series));
    }
}
