package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: rejected deliveries are logged without payload, at most 60 lines a minute per route. 150 forged
 * deliveries on each of two routes within a minute: every log line the server writes meanwhile is
 * captured (java.util.logging records and slf4j-simple's stderr); each route gets 1..60 lines.
 */
class RejectedWebhookLogTest {
    private static final String MARKER = "PAYLOAD-MARKER-7f3a";

    @Test
    void a_flood_of_forged_webhooks_logs_at_most_60_lines_a_minute_per_route_and_never_the_payload() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try (var f = new ServerFixture()) {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.addHandler(jul);
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":\"" + MARKER + "\"}";
                for (int i = 0; i < 150; i++) {
                    assertThat(f.send("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64))).statusCode())
                            .isEqualTo(401);
                    assertThat(f.send("POST", "/webhooks/instagram", body.replace("whatsapp_business_account", "instagram"),
                            Map.of("X-Hub-Signature-256", "sha256=" + "1".repeat(64))).statusCode()).isEqualTo(401);
                }
            } finally {
                System.setErr(original);
                root.removeHandler(jul);
            }
        }
        List<String> all = new ArrayList<>(lines);
        for (String l : err.toString(StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) all.add(l);
        // a record may reach both the handler and stderr (the console handler); count distinct sources per route
        long whatsapp = lines.stream().filter(l -> l.contains("whatsapp")).count();
        long instagram = lines.stream().filter(l -> l.contains("instagram")).count();
        long stderrLines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        System.out.println("RejectedWebhookLogTest: 300 forged deliveries → " + whatsapp + " whatsapp, " + instagram
                + " instagram log records, " + stderrLines + " stderr lines");
        assertThat(whatsapp).isBetween(1L, 60L);
        assertThat(instagram).isBetween(1L, 60L);
        assertThat(stderrLines).as("stderr during the flood").isLessThanOrEqualTo(2L * 120 + 10);
        assertThat(all).noneMatch(l -> l.contains(MARKER));
    }
}
