package dev.switchboard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundHostPolicyTest {
    /** A resolver that knows a few names and no others, so no test depends on real DNS. */
    private static final Map<String, String> ZONE = Map.of(
            "evo.example.com", "93.184.216.34",
            "internal.example.com", "10.1.2.3",
            "sneaky.example.com", "169.254.169.254");
    private final OutboundHostPolicy publicOnly = OutboundHostPolicy.publicOnly().resolvingWith(OutboundHostPolicyTest::resolve);

    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = ZONE.get(host);
        if (address == null) throw new UnknownHostException(host);
        return List.of(InetAddress.getByName(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1", "https://172.16.5.4",
            "http://192.168.1.1", "http://0.0.0.0:22", "http://[::1]:8080", "http://[fd00::1]", "http://[fe80::1]", "http://224.0.0.1",
            "http://100.64.0.1", "http://[::ffff:127.0.0.1]", "http://[64:ff9b::a00:1]", "http://[2002:7f00:1::]",
            "http://localhost:8080", "http://api.localhost", "http://metadata.google.internal/computeMetadata/v1",
            "http://internal.example.com", "http://sneaky.example.com", "http://LOCALHOST."})
    void internal_hosts_are_refused_naming_the_field(String url) {
        assertThatThrownBy(() -> publicOnly.checkUrl(url, "server_url")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("server_url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evo.example.com", "http://93.184.216.34:8080/evo", "https://unknown-yet.example.org",
            "http://[2606:4700::1111]"})
    void public_hosts_and_names_that_do_not_resolve_yet_pass(String url) {
        assertThatCode(() -> publicOnly.checkUrl(url, "server_url")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://evo.example.com", "evo.example.com", "http://", "file:///etc/passwd", "http://user:pw@evo.example.com",
            "javascript:alert(1)", "http://exa mple.com"})
    void what_is_not_an_http_url_with_a_host_is_refused(String url) {
        assertThatThrownBy(() -> publicOnly.checkUrl(url, "server_url")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void listed_hosts_may_be_internal_on_the_listed_port_only() {
        OutboundHostPolicy policy = OutboundHostPolicy.parse("10.0.0.1, evo.internal:8080,[fd00::5]:443", "EVOLUTION_ALLOWED_HOSTS")
                .resolvingWith(OutboundHostPolicyTest::resolve);

        assertThatCode(() -> policy.checkUrl("http://10.0.0.1:9999/evo", "server_url")).doesNotThrowAnyException();
        assertThatCode(() -> policy.checkUrl("http://EVO.internal:8080", "server_url")).doesNotThrowAnyException();
        assertThatCode(() -> policy.checkUrl("https://[fd00:0::5]", "server_url")).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.checkUrl("http://evo.internal:8081", "server_url")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> policy.checkUrl("http://evo.internal", "server_url")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> policy.checkUrl("http://10.0.0.2", "server_url")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void on_connect_only_public_addresses_of_an_unlisted_name_are_kept() throws Exception {
        List<InetAddress> mixed = List.of(InetAddress.getByName("10.0.0.7"), InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("127.0.0.1"));
        OutboundHostPolicy policy = publicOnly.allowing("evo.internal", -1);

        assertThat(publicOnly.allowedAddresses("rebinding.example.com", mixed)).containsExactly(InetAddress.getByName("93.184.216.34"));
        assertThat(policy.allowedAddresses("evo.internal", mixed)).isEqualTo(mixed);
        assertThat(publicOnly.allowedAddresses("metadata.google.internal", mixed)).isEmpty();
        assertThat(publicOnly.refusal("127.0.0.1", 80)).isEqualTo("a loopback address");
        assertThat(publicOnly.refusal("evo.example.com", 443)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evo:0", "evo:70000", "evo:http", "http://evo", "[fd00::1", "a b"})
    void malformed_allow_list_entries_name_the_setting(String list) {
        assertThatThrownBy(() -> OutboundHostPolicy.parse(list, "EVOLUTION_ALLOWED_HOSTS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVOLUTION_ALLOWED_HOSTS");
    }
}
