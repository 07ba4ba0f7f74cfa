package dev.switchboard.core.engine;

import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.core.usecase.CreateAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.memory.InMemoryInvalidations;
import dev.switchboard.core.memory.InMemoryStores;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.work.Invalidations;
import java.time.Duration;
import java.util.Map;
import dev.switchboard.testkit.fake.ScriptedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one store: node B's webhook path caches what it looked up, and an admin write
 * on node A must reach that cache through {@link Invalidations}, not wait for the cache to expire.
 */
class DirectoryInvalidationTest {
    private final Stores shared = InMemoryStores.create().stores();
    private Switchboard nodeA, nodeB;

    private Switchboard node(Invalidations invalidations) {
        return Switchboard.create(c -> c.stores(shared).channel(new ScriptedChannel())
                .directoryCacheTtl(Duration.ofHours(1)).invalidations(invalidations));
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    private static IngestResult deliver(Switchboard node, String body) {
        return node.ingest().receive("test", "scripted", WebhookRequest.of(Map.of("auth", "ok"), body.getBytes()));
    }

    /** Node B sees a message for an account nobody registered yet (and caches that), then node A registers it. */
    private IngestResult registerOnAThenDeliverOnB() {
        assertThat(deliver(nodeB, "5511999990000|wamid.1|hi").ignored()).as("unknown account").isEqualTo(1);
        String tenant = nodeA.tenants().create(CreateTenant.withEmail("t@example.com")).id();
        nodeA.channelAccounts().register(tenant, RegisterChannelAccount.of("test", "acc-1", "tok"));
        nodeA.agents().create(tenant, CreateAgent.builder("Bot").accountId("acc-1").instructions("Help.").build());
        return deliver(nodeB, "5511999990000|wamid.2|hello again");
    }

    @Test
    void an_account_registered_on_one_node_is_seen_at_once_by_another_nodes_webhook_path() {
        InMemoryInvalidations bus = new InMemoryInvalidations();
        nodeA = node(bus);
        nodeB = node(bus);

        IngestResult second = registerOnAThenDeliverOnB();

        assertThat(second.stored()).isEqualTo(1);
        assertThat(second.ignored()).isZero();
    }

    @Test
    void without_a_shared_invalidation_bus_the_other_node_keeps_its_stale_entry_until_it_expires() {
        nodeA = node(new InMemoryInvalidations());
        nodeB = node(new InMemoryInvalidations());

        IngestResult second = registerOnAThenDeliverOnB();

        assertThat(second.stored()).as("B still believes the account unknown").isZero();
        assertThat(second.ignored()).isEqualTo(1);
    }
}
