package dev.switchboard.adapters.whatsapp;

import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE_TOKEN;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.NOW;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.WEBHOOK_TOKEN;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.account;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.directory;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.jwt;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.request;
import static dev.switchboard.adapters.whatsapp.internal.EvolutionWebhookAuth.NOT_AUTHENTICATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three ways an Evolution instance can prove a webhook is its own, and what is refused. */
class EvolutionWebhookAuthTest {
    private final EvolutionChannel channel = EvolutionFixtures.channel(null);
    private final AccountDirectory accounts = directory(account());
    private final long now = NOW.getEpochSecond();

    private Verification verify(WebhookRequest request) {
        return channel.verify(request, accounts);
    }

    private static WebhookRequest bearer(String token) {
        return request("text-upsert.json", Map.of("Authorization", "Bearer " + token));
    }

    private static void assertRejected(Verification verification, String reasonPart) {
        assertThat(verification).isInstanceOfSatisfying(Verification.Rejected.class,
                r -> assertThat(r.reason()).containsIgnoringCase(reasonPart));
    }

    // --- static bearer token ---------------------------------------------------------------------

    @Test
    void bearer_webhook_token_is_accepted() {
        assertThat(verify(bearer(WEBHOOK_TOKEN))).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void bearer_scheme_is_case_insensitive() {
        WebhookRequest request = request("text-upsert.json", Map.of("authorization", "bearer " + WEBHOOK_TOKEN));

        assertThat(verify(request)).isInstanceOf(Verification.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wh-7c1e0f4b2d9a8e6", "wh-7c1e0f4b2d9a8e6cX", "WH-7C1E0F4B2D9A8E6C", "x"})
    void near_miss_bearer_tokens_are_rejected(String token) {
        assertRejected(verify(bearer(token)), NOT_AUTHENTICATED);
    }

    @Test
    void the_instance_token_is_not_accepted_as_a_bearer_token() {
        assertRejected(verify(bearer(INSTANCE_TOKEN)), NOT_AUTHENTICATED);
    }

    @Test
    void bearer_token_of_another_instance_is_rejected() {
        ChannelAccount other = new ChannelAccount("loja-sul", "tenant-2", "whatsapp", "evolution", null,
                Secret.of("OTHER-INSTANCE-TOKEN"), "Loja Sul", Map.of("webhook_token", "token-of-loja-sul"), NOW);
        AccountDirectory both = directory(account(), other);

        assertThat(channel.verify(bearer("token-of-loja-sul"), both)).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void bearer_is_rejected_when_the_instance_has_no_webhook_token() {
        AccountDirectory noToken = directory(account(Map.of()));

        assertRejected(channel.verify(bearer(WEBHOOK_TOKEN), noToken), NOT_AUTHENTICATED);
    }

    // --- JWT (jwt_key header mode) ----------------------------------------------------------------

    @Test
    void jwt_signed_with_the_webhook_token_is_accepted() {
        assertThat(verify(bearer(jwt(WEBHOOK_TOKEN, now - 5, now + 595)))).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void jwt_signed_with_another_key_is_rejected() {
        assertRejected(verify(bearer(jwt("not-the-webhook-token", now - 5, now + 595))), NOT_AUTHENTICATED);
    }

    @Test
    void jwt_with_tampered_claims_is_rejected() {
        String[] parts = jwt(WEBHOOK_TOKEN, now - 700, now - 100).split("\\.");
        String longerLife = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iat\":" + (now - 700) + ",\"exp\":" + (now + 3600) + ",\"app\":\"evolution\",\"action\":\"webhook\"}")
                        .getBytes(StandardCharsets.UTF_8));

        assertRejected(verify(bearer(parts[0] + "." + longerLife + "." + parts[2])), NOT_AUTHENTICATED);
    }

    @Test
    void expired_jwt_is_rejected() {
        assertRejected(verify(bearer(jwt(WEBHOOK_TOKEN, now - 1000, now - 400))), "expired");
    }

    @Test
    void jwt_just_past_exp_is_accepted_within_the_clock_skew() {
        assertThat(verify(bearer(jwt(WEBHOOK_TOKEN, now - 630, now - 30)))).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void jwt_with_alg_none_is_rejected() {
        String unsigned = jwt("{\"alg\":\"none\",\"typ\":\"JWT\"}", WEBHOOK_TOKEN, "{\"iat\":" + now + "}");

        assertRejected(verify(bearer(unsigned)), NOT_AUTHENTICATED);
    }

    @Test
    void jwt_without_exp_is_rejected_even_when_its_signature_holds() {
        String noExp = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", WEBHOOK_TOKEN, "{\"iat\":" + now + ",\"app\":\"evolution\"}");

        assertRejected(verify(bearer(noExp)), "no exp");
    }

    @Test
    void jwt_with_a_non_numeric_exp_is_rejected() {
        String textExp = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", WEBHOOK_TOKEN, "{\"iat\":" + now + ",\"exp\":\"never\"}");

        assertRejected(verify(bearer(textExp)), "exp is not a number");
    }

    @Test
    void jwt_issued_in_the_future_or_not_yet_valid_is_rejected() {
        String future = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", WEBHOOK_TOKEN,
                "{\"iat\":" + (now + 3600) + ",\"exp\":" + (now + 4200) + "}");
        String notYet = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", WEBHOOK_TOKEN,
                "{\"nbf\":" + (now + 3600) + ",\"exp\":" + (now + 4200) + "}");
        String backwards = jwt("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", WEBHOOK_TOKEN,
                "{\"iat\":" + now + ",\"exp\":" + (now - 1) + ",\"x\":1}");

        assertRejected(verify(bearer(future)), "future");
        assertRejected(verify(bearer(notYet)), "not valid yet");
        assertThat(verify(bearer(backwards))).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void expired_jwt_still_gives_way_to_a_valid_body_apikey() {
        byte[] body = EvolutionFixtures.withBodyApikey("text-upsert.json", INSTANCE_TOKEN).getBytes(StandardCharsets.UTF_8);
        String expired = jwt(WEBHOOK_TOKEN, now - 1000, now - 400);

        assertThat(verify(request(body, Map.of("Authorization", "Bearer " + expired)))).isInstanceOf(Verification.Accepted.class);
    }

    // --- body apikey -------------------------------------------------------------------------------

    @Test
    void body_apikey_equal_to_the_instance_token_is_accepted() {
        byte[] body = EvolutionFixtures.withBodyApikey("text-upsert.json", INSTANCE_TOKEN).getBytes(StandardCharsets.UTF_8);

        assertThat(verify(request(body, Map.of()))).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void wrong_body_apikey_is_rejected() {
        byte[] body = EvolutionFixtures.withBodyApikey("text-upsert.json", "2F0E8A5C-0000-0000-0000-000000000000")
                .getBytes(StandardCharsets.UTF_8);

        assertRejected(verify(request(body, Map.of())), NOT_AUTHENTICATED);
    }

    @Test
    void body_apikey_still_counts_when_the_bearer_token_is_wrong() {
        byte[] body = EvolutionFixtures.withBodyApikey("text-upsert.json", INSTANCE_TOKEN).getBytes(StandardCharsets.UTF_8);

        assertThat(verify(request(body, Map.of("Authorization", "Bearer stale")))).isInstanceOf(Verification.Accepted.class);
    }

    @Test
    void the_webhook_token_is_not_accepted_as_body_apikey() {
        byte[] body = EvolutionFixtures.withBodyApikey("text-upsert.json", WEBHOOK_TOKEN).getBytes(StandardCharsets.UTF_8);

        assertThat(verify(request(body, Map.of()))).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void the_servers_global_key_is_accepted_as_body_or_header_apikey_only_when_configured() {
        String global = "evo-global-key-789";
        var withGlobal = new dev.switchboard.adapters.whatsapp.internal.EvolutionWebhookAuth(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                java.time.Duration.ofSeconds(60), new Secret(global));
        var without = new dev.switchboard.adapters.whatsapp.internal.EvolutionWebhookAuth(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                java.time.Duration.ofSeconds(60));
        byte[] body = EvolutionFixtures.withBodyApikey("text-upsert.json", global).getBytes(StandardCharsets.UTF_8);

        assertThat(withGlobal.verify(request(body, Map.of()), accounts, "evolution")).isInstanceOf(Verification.Accepted.class);
        assertThat(withGlobal.verify(request("text-upsert.json", Map.of("apikey", global)), accounts, "evolution"))
                .isInstanceOf(Verification.Accepted.class);
        assertThat(withGlobal.verify(request("text-upsert.json", Map.of("apikey", global + "x")), accounts, "evolution"))
                .isInstanceOf(Verification.Rejected.class);
        assertThat(without.verify(request(body, Map.of()), accounts, "evolution")).isInstanceOf(Verification.Rejected.class);
    }

    // --- routing and bad input -------------------------------------------------------------------

    @Test
    void request_without_credentials_is_rejected_with_a_reason() {
        assertRejected(verify(request("text-upsert.json", Map.of())), "no credentials");
    }

    @Test
    void unknown_instance_is_rejected() {
        String body = EvolutionFixtures.resource("text-upsert.json").replace("\"loja-centro\"", "\"someone-else\"");

        assertRejected(verify(request(body.getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + WEBHOOK_TOKEN))),
                NOT_AUTHENTICATED);
    }

    @Test
    void an_unknown_instance_and_a_wrong_credential_for_a_known_one_get_the_same_answer() {
        String unknownBody = EvolutionFixtures.resource("text-upsert.json").replace("\"loja-centro\"", "\"someone-else\"");
        byte[] unknown = unknownBody.getBytes(StandardCharsets.UTF_8);
        byte[] known = EvolutionFixtures.resource("text-upsert.json").getBytes(StandardCharsets.UTF_8);
        byte[] knownWrongApikey = EvolutionFixtures.withBodyApikey("text-upsert.json", "guess").getBytes(StandardCharsets.UTF_8);
        byte[] unknownWithApikey = EvolutionFixtures.withBodyApikey("text-upsert.json", "guess").replace("\"loja-centro\"", "\"someone-else\"")
                .getBytes(StandardCharsets.UTF_8);
        String jwtWithWrongKey = jwt("guess", now - 5, now + 595);

        java.util.List<Verification> answers = java.util.List.of(
                verify(request(unknown, Map.of("Authorization", "Bearer guess"))),
                verify(request(known, Map.of("Authorization", "Bearer guess"))),
                verify(request(unknown, Map.of("Authorization", "Bearer " + jwtWithWrongKey))),
                verify(request(known, Map.of("Authorization", "Bearer " + jwtWithWrongKey))),
                verify(request(unknownWithApikey, Map.of())),
                verify(request(knownWrongApikey, Map.of())),
                channel.verify(request(known, Map.of("Authorization", "Bearer guess")), directory(account(Map.of()))));

        assertThat(answers).allSatisfy(v -> assertThat(v).isEqualTo(Verification.rejected(NOT_AUTHENTICATED)));
    }

    @Test
    void a_forged_log_line_in_an_instance_name_never_reaches_the_reason() {
        String body = EvolutionFixtures.resource("text-upsert.json")
                .replace("\"loja-centro\"", "\"x\\n2026-11-28 ERROR forged line\"");

        Verification answer = verify(request(body.getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Bearer guess")));

        assertThat(answer).isEqualTo(Verification.rejected(NOT_AUTHENTICATED));
    }

    @Test
    void instance_name_of_an_account_of_another_provider_is_rejected() {
        ChannelAccount cloud = new ChannelAccount("loja-centro", "tenant-1", "whatsapp", "cloud", null,
                Secret.of(INSTANCE_TOKEN), "Cloud number", Map.of("webhook_token", WEBHOOK_TOKEN), NOW);

        assertThat(channel.verify(bearer(WEBHOOK_TOKEN), directory(cloud))).isInstanceOf(Verification.Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"instance\": \"loja-centro\"", "not json", "", "[\"loja-centro\"]", "{\"instance\":\"loja-centro\"} trailing",
            "{\"instance\":\"loja-sul\",\"instance\":\"loja-centro\"}"})
    void unreadable_bodies_are_rejected_without_an_exception(String body) {
        WebhookRequest request = request(body.getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + WEBHOOK_TOKEN));

        assertThat(verify(request)).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void body_without_instance_is_rejected() {
        WebhookRequest request = request("{\"event\":\"messages.upsert\",\"data\":{}}".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + WEBHOOK_TOKEN));

        assertRejected(verify(request), "instance");
    }

    @Test
    void rejection_reasons_never_echo_a_secret() {
        Verification wrong = verify(bearer("almost-" + WEBHOOK_TOKEN));

        assertThat(((Verification.Rejected) wrong).reason()).doesNotContain(WEBHOOK_TOKEN).doesNotContain(INSTANCE_TOKEN);
    }
}
