package dev.switchboard.runner.worker;

import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.adapters.redis.RedisConfig;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two http nodes (as runner-http wires them with REDIS_URL) on one PostgreSQL and one Redis: each
 * caches the webhook path's account and agent lookups, and an admin write on one node reaches the
 * other's cache through Redis at once, not after the cache's 30 s.
 */
class TwoIngestNodesTest {
    private final String prefix = TestEnv.newPrefix();
    private IngestNode node1, node2;

    @BeforeEach
    void start() {
        RedisConfig redis = RedisConfig.fromUrl(TestEnv.REDIS_URL).withKeyPrefix(prefix);
        node1 = new IngestNode(TestEnv.databaseUrl(), redis, "http://127.0.0.1:9/v23.0");
        node2 = new IngestNode(TestEnv.databaseUrl(), redis, "http://127.0.0.1:9/v23.0");
    }

    @AfterEach
    void stop() {
        node1.close();
        node2.close();
    }

    @Test
    void a_number_registered_through_one_node_is_routed_by_the_other_at_once() throws Exception {
        TestEnv.await("both nodes listening for invalidations", Duration.ofSeconds(10),
                () -> node1.redis.invalidations().subscribed() && node2.redis.invalidations().subscribed());
        String pn = "pn" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // Meta delivers for the number before it is registered: node 1 answers, ignores and caches "unknown"
        assertThat(node1.receive(TestEnv.message(pn, "5511988887777", "wamid." + UUID.randomUUID(), "oi")).ignored()).isEqualTo(1);

        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        node2.engine.tenants().create(new CreateTenant(user, user + "@example.com", null, null));
        node2.engine.channelAccounts().register(user, RegisterChannelAccount.of("whatsapp", pn, "EAAG-test").withExternalNumber("+15550783881"));
        node2.engine.agents().create(user, CreateAgent.builder("Sales").accountId(pn).promptId("pmpt_test").build());

        // the invalidation crosses Redis asynchronously: give it a moment, far below the cache's 30 s
        TestEnv.await("node 1 routing the new number", Duration.ofSeconds(5),
                () -> node1.receive(TestEnv.message(pn, "5511988887777", "wamid." + UUID.randomUUID(), "oi de novo")).stored() == 1);
    }
}
