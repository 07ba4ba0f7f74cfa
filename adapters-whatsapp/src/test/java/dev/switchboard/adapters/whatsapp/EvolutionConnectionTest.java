package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE_TOKEN;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.NOW;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.evolutionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.ConnectionManagement;
import dev.switchboard.core.channel.ConnectionState;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin capability behind GET …/whatsapp/status, POST …/connect and POST …/disconnect (seed 004). */
class EvolutionConnectionTest {
    private static final String QR = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    @RegisterExtension
    static WireMockExtension evolution = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final Channel channel = EvolutionFixtures.channel(null);

    private ConnectionManagement connections() {
        assertThat(channel).isInstanceOf(ConnectionManagement.class);
        return (ConnectionManagement) channel;
    }

    private ChannelAccount account(String externalNumber) {
        return new ChannelAccount(INSTANCE, "tenant-1", "whatsapp", "evolution", externalNumber, Secret.of(INSTANCE_TOKEN),
                "Loja Centro", Map.of(EvolutionInstance.SERVER_URL, evolution.baseUrl()), NOW);
    }

    private static void answer(MappingBuilder request, int status, String body) {
        evolution.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void status_is_the_instances_connection_state() {
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 200,
                "{\"instance\":{\"instanceName\":\"loja-centro\",\"state\":\"open\"}}");

        assertThat(connections().state(account(null))).isEqualTo(new ConnectionState("open", null, null));
    }

    @Test
    void connect_returns_the_qr_to_scan() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 200,
                "{\"pairingCode\":null,\"code\":\"2@abc\",\"base64\":\"" + QR + "\",\"count\":1}");

        assertThat(connections().connect(account(null))).isEqualTo(new ConnectionState("connecting", QR, null));
    }

    @Test
    void connect_for_an_account_with_its_number_also_returns_a_pairing_code() {
        answer(get(urlPathEqualTo("/instance/connect/" + INSTANCE)), 200,
                "{\"pairingCode\":\"WZYEH1YY\",\"code\":\"2@abc\",\"base64\":\"" + QR + "\",\"count\":1}");

        ConnectionState state = connections().connect(account("+55 11 97777-6666"));

        assertThat(state).isEqualTo(new ConnectionState("connecting", QR, "WZYEH1YY"));
        evolution.verify(getRequestedFor(urlEqualTo("/instance/connect/" + INSTANCE + "?number=5511977776666")));
    }

    @Test
    void connect_on_a_linked_phone_reports_it_open_without_a_qr() {
        answer(get(urlEqualTo("/instance/connect/" + INSTANCE)), 200, "{\"instance\":{\"instanceName\":\"loja-centro\",\"state\":\"open\"}}");

        assertThat(connections().connect(account(null))).isEqualTo(new ConnectionState("open", null, null));
    }

    @Test
    void disconnect_logs_the_phone_out() {
        answer(delete(urlEqualTo("/instance/logout/" + INSTANCE)), 200,
                "{\"status\":\"SUCCESS\",\"error\":false,\"response\":{\"message\":\"Instance logged out\"}}");

        connections().disconnect(account(null));

        evolution.verify(deleteRequestedFor(urlEqualTo("/instance/logout/" + INSTANCE)));
    }

    @Test
    void unknown_instance_is_reported_as_such() {
        answer(get(urlEqualTo("/instance/connectionState/" + INSTANCE)), 404,
                evolutionError(404, "Not Found", "[\"The \\\"loja-centro\\\" instance does not exist\"]"));

        assertThatThrownBy(() -> connections().state(account(null))).isInstanceOfSatisfying(EvolutionApiException.class,
                e -> assertThat(e.reason()).isEqualTo(EvolutionApiException.Reason.INSTANCE_NOT_FOUND));
    }

    @Test
    void account_without_a_server_is_invalid_input_before_any_call() {
        ChannelAccount noServer = new ChannelAccount(INSTANCE, "tenant-1", "whatsapp", "evolution", null, Secret.of(INSTANCE_TOKEN),
                "Loja Centro", Map.of(), NOW);

        assertThatThrownBy(() -> connections().connect(noServer)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("server_url");
        assertThat(evolution.getAllServeEvents()).isEmpty();
    }

    @Test
    void account_without_a_token_is_invalid_input() {
        ChannelAccount noToken = new ChannelAccount(INSTANCE, "tenant-1", "whatsapp", "evolution", null, null,
                "Loja Centro", Map.of(EvolutionInstance.SERVER_URL, evolution.baseUrl()), NOW);

        assertThatThrownBy(() -> connections().state(noToken)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("token");
    }
}
