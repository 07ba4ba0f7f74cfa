package dev.switchboard.adapters.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.CUSTOMER;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.INSTANCE_TOKEN;
import static dev.switchboard.adapters.whatsapp.EvolutionFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.support.ConfigurationException;
import dev.switchboard.core.support.InvalidInputException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An account's server_url cannot point Switchboard (and the instance token) at internal services. */
class EvolutionServerUrlTest {
    @RegisterExtension
    static WireMockExtension evolution = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static ChannelAccount accountOn(String serverUrl) {
        return new ChannelAccount(INSTANCE, "tenant-1", "whatsapp", "evolution", null, Secret.of(INSTANCE_TOKEN), "Loja Centro",
                Map.of(EvolutionInstance.SERVER_URL, serverUrl), NOW);
    }

    private static EvolutionChannel channel(EvolutionConfig.Builder config) {
        return new EvolutionChannel(config.build());
    }

    // --- on write ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1", "http://[::1]:8080",
            "http://metadata.google.internal"})
    void internal_server_urls_are_refused_on_write_naming_server_url(String url) {
        EvolutionChannel channel = channel(EvolutionConfig.builder().defaultServerUrl("https://evo.example.com"));

        assertThatThrownBy(() -> channel.validateServerUrl(url)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("server_url");
            assertThat(e.getMessage()).startsWith("server_url: ");
        });
    }

    @Test
    void internal_server_urls_pass_when_listed_in_evolution_allowed_hosts() {
        EvolutionChannel channel = channel(EvolutionConfig.builder().allowedHosts("127.0.0.1:8080, 10.0.0.1,169.254.169.254"));

        assertThatCode(() -> channel.validateServerUrl("http://127.0.0.1:8080/evo")).doesNotThrowAnyException();
        assertThatCode(() -> channel.validateServerUrl("https://10.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> channel.validateServerUrl("http://169.254.169.254")).doesNotThrowAnyException();
        assertThatThrownBy(() -> channel.validateServerUrl("http://127.0.0.1:8081")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void the_default_servers_host_and_port_are_allowed() {
        EvolutionChannel withPort = channel(EvolutionConfig.builder().defaultServerUrl("http://10.0.0.1:8080"));
        EvolutionChannel withoutPort = channel(EvolutionConfig.builder().defaultServerUrl("http://evo.internal"));

        assertThatCode(() -> withPort.validateServerUrl("http://10.0.0.1:8080/other-prefix")).doesNotThrowAnyException();
        assertThatThrownBy(() -> withPort.validateServerUrl("http://10.0.0.1:22")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> withPort.validateServerUrl("http://10.0.0.2:8080")).isInstanceOf(InvalidInputException.class);
        assertThatCode(() -> withoutPort.validateServerUrl("http://evo.internal:9000")).doesNotThrowAnyException();
    }

    @Test
    void public_server_urls_pass() {
        EvolutionChannel channel = channel(EvolutionConfig.builder());

        assertThatCode(() -> channel.validateServerUrl("https://93.184.216.34/evo")).doesNotThrowAnyException();
    }

    @Test
    void a_malformed_allow_list_fails_at_start_naming_the_variable() {
        assertThatThrownBy(() -> EvolutionConfig.builder().allowedHosts("evo:99999").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("EVOLUTION_ALLOWED_HOSTS"));
    }

    // --- on connect ----------------------------------------------------------------------------------

    @Test
    void a_stored_internal_server_url_is_never_called() {
        evolution.stubFor(get(anyUrl()).willReturn(okJson("{\"instance\":{\"state\":\"open\"}}")));
        evolution.stubFor(post(anyUrl()).willReturn(okJson("{\"key\":{\"id\":\"X\"}}")));
        EvolutionChannel channel = channel(EvolutionConfig.builder().defaultServerUrl("https://evo.example.com"));
        ChannelAccount account = accountOn("http://127.0.0.1:" + evolution.getPort());

        assertThatThrownBy(() -> channel.state(account)).isInstanceOfSatisfying(EvolutionApiException.class, e -> {
            assertThat(e.reason()).isEqualTo(EvolutionApiException.Reason.HOST_NOT_ALLOWED);
            assertThat(e.getMessage()).contains("server_url").doesNotContain(String.valueOf(evolution.getPort()));
        });
        assertThat(channel.send(account, OutboundMessage.text(CUSTOMER, "Oi")))
                .isInstanceOfSatisfying(SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("server_url_not_allowed"));
        assertThat(evolution.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_name_that_resolves_to_loopback_after_it_was_checked_is_refused_at_connect_time() throws Exception {
        evolution.stubFor(get(anyUrl()).willReturn(okJson("{\"instance\":{\"state\":\"open\"}}")));
        AtomicInteger lookups = new AtomicInteger();
        InetAddress publicAddress = InetAddress.getByName("93.184.216.34");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        EvolutionChannel channel = channel(EvolutionConfig.builder()
                .resolver(host -> List.of(lookups.getAndIncrement() == 0 ? publicAddress : loopback)));
        String url = "http://rebind.example.com:" + evolution.getPort();

        channel.validateServerUrl(url); // first answer: public

        assertThatThrownBy(() -> channel.state(accountOn(url))).isInstanceOfSatisfying(EvolutionApiException.class,
                e -> assertThat(e.reason()).isEqualTo(EvolutionApiException.Reason.HOST_NOT_ALLOWED));
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(evolution.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_redirect_is_not_followed_so_the_apikey_never_reaches_another_host() {
        String target = "http://127.0.0.1:" + elsewhere.getPort() + "/collect";
        evolution.stubFor(get(urlPathMatching("/instance/.*")).willReturn(aResponse().withStatus(302).withHeader("Location", target)));
        evolution.stubFor(post(urlPathMatching("/message/.*")).willReturn(aResponse().withStatus(307).withHeader("Location", target)));
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"instance\":{\"state\":\"open\"}}")));
        elsewhere.stubFor(post(anyUrl()).willReturn(okJson("{\"key\":{\"id\":\"X\"}}")));
        // Both loopback servers are allowed, so only the redirect rule can keep the second one out.
        EvolutionChannel channel = channel(EvolutionConfig.builder().allowedHosts("localhost,127.0.0.1"));
        ChannelAccount account = accountOn(evolution.baseUrl());

        assertThatThrownBy(() -> channel.state(account)).isInstanceOfSatisfying(EvolutionApiException.class,
                e -> assertThat(e.status()).isEqualTo(302));
        assertThat(channel.send(account, OutboundMessage.text(CUSTOMER, "Oi"))).isInstanceOf(SendResult.Permanent.class);
        assertThat(evolution.getAllServeEvents()).hasSize(2)
                .allSatisfy(e -> assertThat(e.getRequest().getHeader("apikey")).isEqualTo(INSTANCE_TOKEN));
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
    }

    @Test
    void an_upstream_error_text_is_logged_but_not_carried_to_the_caller() {
        evolution.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":500,\"error\":\"Internal\",\"response\":{\"message\":[\"SSH-2.0-OpenSSH_9.6 secret banner\"]}}")));
        EvolutionChannel channel = channel(EvolutionConfig.builder().allowedHosts("localhost"));

        assertThatThrownBy(() -> channel.state(accountOn(evolution.baseUrl()))).isInstanceOfSatisfying(EvolutionApiException.class, e -> {
            assertThat(e.getMessage()).contains("answered an error").doesNotContain("OpenSSH").doesNotContain("banner");
            assertThat(e.reason()).isEqualTo(EvolutionApiException.Reason.SERVER_ERROR);
        });
    }
}
