package dev.switchboard.adapters.webchat;

import static dev.switchboard.adapters.webchat.WebchatChannelContractTest.SECRET;
import static dev.switchboard.adapters.webchat.WebchatChannelContractTest.account;
import static dev.switchboard.adapters.webchat.WebchatChannelContractTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.channel.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebchatProtocolRulesTest {
    private final VisitorTokens tokens = new VisitorTokens(SECRET, Clock.systemUTC());
    private final WebchatChannel channel = new WebchatChannel(new WebchatChannel.Config(SECRET, 20, 10));

    @Test
    void a_token_names_its_widget_and_visitor_and_is_worthless_on_another_widget() {
        Visitor v = Visitor.fresh("shop");
        String token = tokens.issue(v);

        assertThat(tokens.read(token)).contains(v);
        var onOther = channel.verify(request(token, "other-shop", null, "{}"),
                id -> Optional.of(account(id, null)));
        assertThat(onOther).isInstanceOfSatisfying(Verification.Rejected.class,
                r -> assertThat(r.reason()).contains("another widget"));
    }

    @Test
    void a_tampered_token_is_refused() {
        String token = tokens.issue(Visitor.fresh("shop"));
        String tampered = token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);

        assertThat(tokens.read(tampered)).isEmpty();
        assertThat(tokens.read("no-dot")).isEmpty();
        assertThat(tokens.read(null)).isEmpty();
    }

    @Test
    void origin_outside_allowed_origins_is_refused_and_the_servers_own_origin_passes() {
        var acc = account("shop", "https://shop.example https://www.shop.example");

        assertThat(Origins.permits(acc, "https://shop.example", "chat.example.com")).isTrue();
        assertThat(Origins.permits(acc, "https://www.shop.example/", "chat.example.com")).isTrue();
        assertThat(Origins.permits(acc, "https://evil.example", "chat.example.com")).isFalse();
        assertThat(Origins.permits(acc, "https://chat.example.com", "chat.example.com")).isTrue();
        assertThat(Origins.permits(account("shop", null), "http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(Origins.permits(account("shop", null), "http://localhost:9999", "localhost:8080")).isFalse();
    }

    @Test
    void text_over_the_limit_names_text_and_a_huge_body_is_413() {
        assertThatThrownBy(() -> VisitorMessage.read("{\"text\":\"12345678901\",\"client_message_id\":\"a\"}".getBytes(StandardCharsets.UTF_8), 10))
                .isInstanceOfSatisfying(WebchatInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("text");
                    assertThat(e.status()).isEqualTo(400);
                });
        byte[] huge = ("{\"text\":\"" + "x".repeat(5000) + "\",\"client_message_id\":\"a\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> VisitorMessage.read(huge, 10))
                .isInstanceOfSatisfying(WebchatInputException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> VisitorMessage.read("{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8), 10))
                .isInstanceOfSatisfying(WebchatInputException.class, e -> assertThat(e.field()).isEqualTo("client_message_id"));
    }

    @Test
    void the_rate_limit_refuses_the_message_over_the_limit_until_the_minute_has_passed() {
        Instant[] now = {Instant.parse("2026-01-01T10:00:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return now[0]; }
        };
        VisitorRateLimit limit = new VisitorRateLimit(3, clock);
        Visitor a = Visitor.fresh("shop");
        for (int i = 0; i < 3; i++) assertThat(limit.take(a, "m" + i).allowed()).isTrue();
        assertThat(limit.take(a, "m1").allowed()).as("a retry of a counted message").isTrue();

        VisitorRateLimit.Decision refused = limit.take(a, "m3");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(limit.take(Visitor.fresh("shop"), "m3").allowed()).as("another visitor has its own count").isTrue();

        now[0] = now[0].plusSeconds(61);
        assertThat(limit.take(a, "m3").allowed()).isTrue();
    }

    @Test
    void a_send_wakes_the_visitors_live_connections_only(){
        Visitor v = Visitor.fresh("shop");
        AtomicInteger mine = new AtomicInteger(), others = new AtomicInteger();
        channel.streams().subscribe(v, s -> mine.incrementAndGet());
        channel.streams().subscribe(Visitor.fresh("shop"), s -> others.incrementAndGet());

        channel.send(account("shop", null), dev.switchboard.core.channel.OutboundMessage.text(v.visitorId(), "hello"));

        assertThat(mine).hasValue(1);
        assertThat(others).hasValue(0);
    }

    @Test
    void the_generated_secret_is_kept_and_read_back(@TempDir Path dir) throws Exception {
        byte[] first = WebchatSecret.keptUnder(dir.resolve("data"));
        byte[] second = WebchatSecret.keptUnder(dir.resolve("data"));

        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(Files.readString(dir.resolve("data").resolve(WebchatSecret.FILE))).hasSize(64);
    }
}
