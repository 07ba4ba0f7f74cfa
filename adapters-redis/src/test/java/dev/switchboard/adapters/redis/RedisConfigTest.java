package dev.switchboard.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.support.ConfigurationException;
import org.junit.jupiter.api.Test;

class RedisConfigTest {

    @Test
    void a_plain_url_gets_the_defaults() {
        RedisConfig c = RedisConfig.fromUrl("redis://cache.internal");
        assertThat(c.host()).isEqualTo("cache.internal");
        assertThat(c.port()).isEqualTo(6379);
        assertThat(c.database()).isZero();
        assertThat(c.tls()).isFalse();
        assertThat(c.user()).isNull();
        assertThat(c.password()).isNull();
        assertThat(c.keyPrefix()).isEqualTo("sb:");
    }

    @Test
    void user_password_port_database_and_tls_are_read() {
        RedisConfig c = RedisConfig.fromUrl("rediss://app:s3cr%40t@redis_1:6380/2");
        assertThat(c.host()).isEqualTo("redis_1");
        assertThat(c.port()).isEqualTo(6380);
        assertThat(c.database()).isEqualTo(2);
        assertThat(c.tls()).isTrue();
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password().value()).isEqualTo("s3cr@t");
    }

    @Test
    void a_password_without_a_user_is_accepted_in_both_forms() {
        assertThat(RedisConfig.fromUrl("redis://:hunter2@h:1").password().value()).isEqualTo("hunter2");
        assertThat(RedisConfig.fromUrl("redis://:hunter2@h:1").user()).isNull();
        assertThat(RedisConfig.fromUrl("redis://hunter2@h:1").password().value()).isEqualTo("hunter2");
    }

    @Test
    void ipv6_hosts_and_query_parameters_are_handled() {
        RedisConfig c = RedisConfig.fromUrl("redis://[::1]:6379/0?timeout=5");
        assertThat(c.host()).isEqualTo("::1");
        assertThat(c.address()).isEqualTo("redis://[::1]:6379/0");
    }

    @Test
    void bad_urls_name_redis_url_and_never_echo_the_password() {
        for (String bad : new String[] {"", "http://u:hunter2@h", "redis://u:hunter2@", "redis://u:hunter2@h:99999",
                "redis://u:hunter2@h:1/db", "redis://u:hunter2%zz@h", "redis://u:hunter2@h:port", "127.0.0.1:6379"}) {
            assertThatThrownBy(() -> RedisConfig.fromUrl(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("REDIS_URL"))
                    .message().doesNotContain("hunter2");
        }
        assertThatThrownBy(() -> RedisConfig.fromUrl(null)).isInstanceOf(ConfigurationException.class).hasMessageContaining("REDIS_URL");
    }

    @Test
    void to_string_hides_the_password() {
        assertThat(RedisConfig.fromUrl("redis://app:hunter2@h:1").toString()).doesNotContain("hunter2").contains("****");
    }
}
