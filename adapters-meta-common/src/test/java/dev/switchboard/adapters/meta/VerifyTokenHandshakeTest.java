package dev.switchboard.adapters.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The GET Meta sends when a webhook is subscribed (contracts 1.2); an empty answer is the runner's 403. */
class VerifyTokenHandshakeTest {
    private static final Secret TOKEN = Secret.of("meatyhamhock");

    @Test
    void echoes_the_challenge_when_the_token_matches() {
        assertThat(answer(TOKEN, "subscribe", "meatyhamhock", "1158201444")).contains("1158201444");
    }

    @Test
    void refuses_a_wrong_token() {
        assertThat(answer(TOKEN, "subscribe", "meatyhamhocks", "1158201444")).isEmpty();
        assertThat(answer(TOKEN, "subscribe", "meatyhamhoc", "1158201444")).isEmpty();
        assertThat(answer(TOKEN, "subscribe", "", "1158201444")).isEmpty();
    }

    @Test
    void refuses_when_a_parameter_is_missing_or_the_mode_is_not_subscribe() {
        assertThat(answer(TOKEN, "subscribe", "meatyhamhock", null)).isEmpty();
        assertThat(answer(TOKEN, "subscribe", null, "1158201444")).isEmpty();
        assertThat(answer(TOKEN, null, "meatyhamhock", "1158201444")).isEmpty();
        assertThat(answer(TOKEN, "unsubscribe", "meatyhamhock", "1158201444")).isEmpty();
    }

    @Test
    void refuses_every_handshake_when_no_token_is_configured() {
        assertThat(answer(null, "subscribe", "meatyhamhock", "1158201444")).isEmpty();
    }

    private static Optional<String> answer(Secret configured, String mode, String token, String challenge) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (mode != null) query.put("hub.mode", List.of(mode));
        if (token != null) query.put("hub.verify_token", List.of(token));
        if (challenge != null) query.put("hub.challenge", List.of(challenge));
        return VerifyTokenHandshake.answer(new WebhookRequest(Map.of(), query, new byte[0]), configured, "WEBHOOK_VERIFY_TOKEN");
    }
}
