package dev.switchboard.adapters.postgres;

import static dev.switchboard.testkit.store.StoreFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.domain.Message;
import dev.switchboard.core.domain.Usage;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.NewOutbound;
import dev.switchboard.testkit.store.StoreFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Everything lives in PostgreSQL: a new process (a new PostgresStores on the same database) sees it all. */
class PostgresRestartTest {

    @BeforeAll
    static void clean() {
        TestDatabase.shared();
        TestDatabase.truncate();
    }

    @Test
    void contacts_conversations_messages_and_the_model_conversation_survive_a_restart() {
        StoreFixtures.Setup s;
        Accepted first;
        Message reply;
        try (PostgresStores before = TestDatabase.start(2)) {
            var stores = before.stores();
            s = StoreFixtures.setup(stores);
            first = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "Oi, tudo bem?"));
            reply = stores.conversations().recordReply(first.conversation().id(), 0, 1,
                    NewOutbound.agentText("Tudo! Como posso ajudar?", new Usage(12, 8, 20), null)).orElseThrow();
            stores.conversations().setModelConversationId(first.conversation().id(), "conv_689667905b");
            stores.credits().add(s.tenant().id(), 5, "topup", "api");
        }

        try (PostgresStores after = TestDatabase.start(2)) {
            var stores = after.stores();
            String conv = first.conversation().id();
            assertThat(stores.contacts().find(first.conversation().contactId())).isPresent();
            assertThat(stores.conversations().find(conv).orElseThrow().modelConversationId()).isEqualTo("conv_689667905b");
            assertThat(stores.conversations().history(conv, 10)).containsExactly(first.message(), reply);
            assertThat(stores.agents().findByChannelAccount(s.account().id())).contains(s.agent());
            assertThat(stores.credits().balance(s.tenant().id())).isEqualTo(5);

            Accepted next = stores.conversations().acceptInbound(s.inbound("16505551234", unique("w"), "Quero um orçamento"));
            assertThat(next.newConversation()).isFalse();
            assertThat(next.message().seq()).isEqualTo(3);
        }
    }
}
