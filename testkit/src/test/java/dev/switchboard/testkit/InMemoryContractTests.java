package dev.switchboard.testkit;

import dev.switchboard.core.memory.InMemoryDedup;
import dev.switchboard.core.memory.InMemoryInvalidations;
import dev.switchboard.core.memory.InMemoryLocks;
import dev.switchboard.core.memory.InMemoryStores;
import dev.switchboard.core.memory.InMemoryWorkQueue;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.core.work.Invalidations;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.WorkQueue;
import dev.switchboard.testkit.store.AccountsAndAgentsContract;
import dev.switchboard.testkit.store.ConversationFactsContract;
import dev.switchboard.testkit.store.ConversationStoreContract;
import dev.switchboard.testkit.store.CreditStoreContract;
import dev.switchboard.testkit.store.ExtractionStoreContract;
import dev.switchboard.testkit.store.InboxQueriesContract;
import dev.switchboard.testkit.store.WebhookLogStoreContract;
import dev.switchboard.testkit.work.DedupContract;
import dev.switchboard.testkit.work.InvalidationsContract;
import dev.switchboard.testkit.work.LocksContract;
import dev.switchboard.testkit.work.WorkQueueContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The in-memory adapters of core pass the same contract kits as every other implementation. */
class InMemoryContractTests {

    @Nested
    class ApiKeys extends dev.switchboard.testkit.store.ApiKeyStoreContract {
        private final InMemoryStores memory = InMemoryStores.create();

        protected Stores stores() {
            return memory.stores();
        }

        protected dev.switchboard.core.store.ApiKeyStore apiKeys() {
            return memory.apiKeys();
        }
    }

    @Nested
    class Events extends dev.switchboard.testkit.store.EventLogContract {
        protected dev.switchboard.core.store.EventLog log(int retained) {
            return new dev.switchboard.core.memory.InMemoryEventLog(java.time.Clock.systemUTC(), retained);
        }
    }

    @Nested
    class Accounts extends AccountsAndAgentsContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }

        protected Stores emptyStores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class Conversations extends ConversationStoreContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class ConversationFacts extends ConversationFactsContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class InboxQueries extends InboxQueriesContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class Credits extends CreditStoreContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class Extractions extends ExtractionStoreContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class WebhookLogs extends WebhookLogStoreContract {
        protected Stores stores() {
            return InMemoryStores.create().stores();
        }
    }

    @Nested
    class CacheInvalidations extends InvalidationsContract {
        private final InMemoryInvalidations shared = new InMemoryInvalidations();

        protected Invalidations open() {
            return shared;
        }
    }

    @Nested
    class Queue extends WorkQueueContract {
        protected WorkQueue queue(Duration leaseTime) {
            return new InMemoryWorkQueue(Clock.systemUTC(), leaseTime);
        }
    }

    @Nested
    class Lock extends LocksContract {
        protected Locks locks() {
            return InMemoryLocks.create();
        }
    }

    @Nested
    class Dedups extends DedupContract {
        protected Dedup dedup() {
            return InMemoryDedup.create();
        }
    }
}
