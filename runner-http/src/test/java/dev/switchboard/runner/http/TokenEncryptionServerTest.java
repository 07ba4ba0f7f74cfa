package dev.switchboard.runner.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.switchboard.core.crypto.TokenCipher;
import dev.switchboard.core.support.SwitchboardException;
import dev.switchboard.runner.common.ConfigException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ENCRYPTION_KEY through the real server on its default storage (a SQLite file under DATA_DIR):
 * the access token registered over the REST API is ciphertext in the file, Meta still receives the
 * plaintext token, rows stored before the key was set are encrypted at the next start, and a bad
 * or wrong key stops the start.
 */
class TokenEncryptionServerTest {
    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // base64 of 32 ASCII bytes
    private static final String OTHER_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    private final WireMockServer wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    @TempDir
    Path dataDir;

    @BeforeEach
    void stubs() {
        wiremock.start();
        OpenAiStubs.replyWith(wiremock, "Claro!");
        OpenAiStubs.metaAccepts(wiremock);
    }

    @AfterEach
    void stop() {
        wiremock.stop();
    }

    private ServerFixture server(String key) {
        Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", dataDir.toString(),
                "WHATSAPP_API_BASE_URL", wiremock.baseUrl() + "/v23.0",
                "OPENAI_BASE_URL", wiremock.baseUrl() + "/v1"));
        if (key != null) env.put("ENCRYPTION_KEY", key);
        return new ServerFixture(env, s -> {});
    }

    private String rawToken(String phoneNumberId) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("switchboard.db"));
             PreparedStatement s = c.prepareStatement("SELECT access_token FROM channel_accounts WHERE id = ?")) {
            s.setString(1, phoneNumberId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("row of " + phoneNumberId).isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void replyIsSentWithThePlaintextToken(ServerFixture server, ServerFixture.Tenant t) {
        String body = MetaPayloads.message(t.phoneNumberId(), "16505551234", "wamid." + UUID.randomUUID(), "Oi");
        assertThat(server.postWebhook(body).statusCode()).isEqualTo(200);
        ServerFixture.await("the reply sent to Meta", () ->
                !wiremock.findAll(postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))).isEmpty());
        wiremock.verify(postRequestedFor(urlPathEqualTo("/v23.0/" + t.phoneNumberId() + "/messages"))
                .withHeader("Authorization", equalTo("Bearer EAAG-secret-token-" + t.phoneNumberId())));
    }

    @Test
    void a_token_registered_over_the_api_is_ciphertext_in_the_file_and_meta_receives_the_plaintext() {
        try (ServerFixture server = server(KEY)) {
            ServerFixture.Tenant t = server.tenant(10, "");

            String raw = rawToken(t.phoneNumberId());
            assertThat(raw).startsWith(TokenCipher.PREFIX).doesNotContain("EAAG-secret-token");
            replyIsSentWithThePlaintextToken(server, t);
        }
    }

    @Test
    void tokens_stored_before_the_key_was_set_are_encrypted_at_the_next_start() {
        ServerFixture.Tenant t;
        try (ServerFixture plain = server(null)) {
            t = plain.tenant(10, "");
        }
        assertThat(rawToken(t.phoneNumberId())).isEqualTo("EAAG-secret-token-" + t.phoneNumberId());

        try (ServerFixture encrypted = server(KEY)) {
            assertThat(rawToken(t.phoneNumberId())).startsWith(TokenCipher.PREFIX);
            replyIsSentWithThePlaintextToken(encrypted, t);
        }
    }

    @Test
    void a_start_with_a_key_that_opens_no_stored_token_fails_instead_of_failing_every_send() {
        try (ServerFixture first = server(KEY)) {
            first.tenant(10, "");
        }
        assertThatThrownBy(() -> server(OTHER_KEY)).isInstanceOf(SwitchboardException.class);
    }

    @Test
    void a_malformed_key_is_a_configuration_problem_naming_the_variable() {
        Map<String, String> env = Map.of("DATA_DIR", dataDir.toString(), "ADMIN_API_KEY", "test-admin-key-123",
                "ENCRYPTION_KEY", "not-base64-of-32-bytes!");
        assertThatThrownBy(() -> ServerConfig.fromEnv(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement().asString().contains("ENCRYPTION_KEY").doesNotContain("not-base64"));

        Map<String, String> previousOnly = Map.of("DATA_DIR", dataDir.toString(), "ADMIN_API_KEY", "test-admin-key-123",
                "ENCRYPTION_KEY_PREVIOUS", KEY);
        assertThatThrownBy(() -> ServerConfig.fromEnv(previousOnly))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement().asString().contains("ENCRYPTION_KEY"));
    }
}
