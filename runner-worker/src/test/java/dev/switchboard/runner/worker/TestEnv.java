package dev.switchboard.runner.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the worker tests run against: real PostgreSQL (TEST_DATABASE_URL's server, database
 * {@code <its database>_worker}, switchboard_worker_test when TEST_DATABASE_URL is not set, so runs
 * with different TEST_DATABASE_URLs do not drop each other's database) and Redis (TEST_REDIS_URL,
 * every test under its own key prefix), WireMock for Meta and OpenAI in the shapes of api-contracts
 * §1.3 and §4.3.
 */
final class TestEnv {
    static final String APP_SECRET = "worker-test-app-secret";
    static final String REDIS_URL = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final String BASE_URL = System.getenv("TEST_DATABASE_URL");
    private static final String DATABASE = BASE_URL == null ? "switchboard_worker_test"
            : BASE_URL.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1").replaceAll("[^A-Za-z0-9_]", "_") + "_worker";

    private TestEnv() {}

    private static volatile boolean fresh;

    /**
     * The workers' test database, dropped and created anew once per test JVM: a worker's sweep looks at
     * every conversation in its database, so what earlier runs left would be swept (and answered, and
     * extracted) in the middle of this run's measurements.
     */
    static synchronized String databaseUrl() {
        String base = BASE_URL != null ? BASE_URL : "postgresql://postgres@127.0.0.1:5432/switchboard_test";
        if (!fresh) {
            String admin = "jdbc:" + base.replaceFirst("^postgres(ql)?://postgres@", "postgresql://").replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");
            try (var c = DriverManager.getConnection(admin, "postgres", "")) {
                c.createStatement().execute("drop database if exists " + DATABASE + " with (force)");
                c.createStatement().execute("create database " + DATABASE);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("PostgreSQL for the tests is not reachable: " + e.getMessage(), e);
            }
            fresh = true;
        }
        return base.replaceFirst("/[^/?]+(\\?.*)?$", "/" + DATABASE);
    }

    static String jdbcUrl() {
        return "jdbc:" + databaseUrl().replaceFirst("^postgres(ql)?://postgres@", "postgresql://");
    }

    static String newPrefix() {
        return "sbtest:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** OpenAI answers every turn with a unique text after {@code delayMs}, and extractions with a lead. */
    static void openAi(WireMockServer wm, int delayMs) {
        wm.stubFor(post(urlPathEqualTo("/v1/conversations")).willReturn(okJson(
                "{\"id\":\"conv_689667905b048191b4740501625afd940c7533ace33a2dab\",\"object\":\"conversation\",\"created_at\":1741900000,\"metadata\":{}}")));
        wm.stubFor(post(urlPathEqualTo("/v1/responses")).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withFixedDelay(delayMs)
                .withBody("""
                        {"id":"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b","object":"response","created_at":1741476542,
                         "status":"completed","error":null,"incomplete_details":null,"model":"gpt-4o-mini",
                         "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                                    "content":[{"type":"output_text","text":"reply-{{randomValue length=16 type='ALPHANUMERIC'}}","annotations":[]}]}],
                         "conversation":{"id":"conv_689667905b048191b4740501625afd940c7533ace33a2dab"},
                         "usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":0},"output_tokens":87,
                                  "output_tokens_details":{"reasoning_tokens":0},"total_tokens":123}}
                        """)
                .withTransformers("response-template")));
        wm.stubFor(post(urlPathEqualTo("/v1/responses")).atPriority(1).withRequestBody(containing("lead_extraction"))
                .willReturn(okJson("""
                        {"id":"resp_68a0extract01","object":"response","created_at":1741476542,"status":"completed","error":null,
                         "incomplete_details":null,"model":"gpt-4o-mini-2024-07-18",
                         "output":[{"type":"message","id":"msg_68a0c1d2e3f40009","status":"completed","role":"assistant",
                                    "content":[{"type":"output_text","annotations":[],
                                                "text":"{\\"name\\": \\"Ana Souza\\", \\"email\\": \\"ana@lojacentro.com.br\\", \\"company\\": \\"Loja Centro\\", \\"intent\\": \\"demo\\", \\"urgency\\": 3, \\"budget\\": 2, \\"fit\\": 3, \\"engagement\\": 3, \\"demo_datetime\\": null, \\"smart_notification\\": null}"}]}],
                         "usage":{"input_tokens":410,"input_tokens_details":{"cached_tokens":0},"output_tokens":95,
                                  "output_tokens_details":{"reasoning_tokens":0},"total_tokens":505}}
                        """)));
    }

    /** Meta accepts every send and answers with a fresh wamid. */
    static void metaAccepts(WireMockServer wm) {
        wm.stubFor(post(urlPathMatching("/v23.0/[^/]+/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+16505551234\",\"wa_id\":\"16505551234\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}")
                .withTransformers("response-template")));
    }

    /** A text message webhook exactly as Meta sends it (api-contracts §1.3). */
    static String message(String phoneNumberId, String from, String wamid, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\""
                + phoneNumberId + "\"},\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1749416383\",\"type\":\"text\","
                + "\"text\":{\"body\":\"" + text + "\"}}]},\"field\":\"messages\"}]}]}";
    }

    static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what);
            Thread.sleep(50);
        }
    }
}
