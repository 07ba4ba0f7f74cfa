package dev.switchboard.core.engine;

import dev.switchboard.core.domain.Agent;
import dev.switchboard.core.domain.ContactSession;
import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.WebhookLogEntry;
import dev.switchboard.core.model.ExtractionRequest;
import dev.switchboard.core.model.LeadData;
import dev.switchboard.core.model.LeadExtractor;
import dev.switchboard.core.model.LeadValidation;
import dev.switchboard.core.store.ConversationQueries;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.store.SweepStore;
import dev.switchboard.core.store.TurnStore;
import dev.switchboard.core.support.EngineMetrics;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Lead extraction once a conversation goes quiet: one structured-output call, validated, stored as
 * a new row (history kept). A conversation with no message since its last extraction is skipped;
 * invalid output is retried, then the failure is recorded in the webhook log.
 */
final class Extraction {
    private static final Logger LOG = Logger.getLogger(Extraction.class.getName());
    private static final int TRANSCRIPT_LIMIT = 200;

    private final Stores stores;
    private final ConversationQueries conversations;
    private final TurnStore turns;
    private final SweepStore sweeps;
    private final LeadExtractor extractor;
    private final WorkQueue queue;
    private final Clock clock;
    private final Ids ids;
    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final TenantPolicies policies;

    Extraction(Stores stores, LeadExtractor extractor, WorkQueue queue, Clock clock, Ids ids, EngineSettings settings,
               EngineMetrics metrics) {
        this.stores = stores;
        this.conversations = stores.conversations();
        this.turns = stores.conversations();
        this.sweeps = stores.conversations();
        this.extractor = extractor;
        this.queue = queue;
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
        this.metrics = metrics;
        this.policies = new TenantPolicies(stores.tenants());
    }

    boolean enabled() {
        return extractor != null;
    }

    Duration interval(Agent agent) {
        return agent.extractionIntervalMs() != null ? Duration.ofMillis(agent.extractionIntervalMs()) : settings.extractionInterval();
    }

    void scheduleAfterActivity(Agent agent, String conversationId) {
        if (!enabled()) return;
        queue.schedule(Task.extract(conversationId), clock.instant().plus(interval(agent)));
    }

    TurnOutcome run(String conversationId) {
        if (!enabled()) return TurnOutcome.done("extraction disabled");
        Conversation conv = conversations.find(conversationId).orElse(null);
        if (conv == null) return TurnOutcome.done("no such conversation");
        Agent agent = stores.agents().find(conv.agentId()).orElse(null);
        ContactSession contact = stores.contacts().find(conv.contactId()).orElse(null);
        if (agent == null || contact == null) {
            // nothing to extract with, now or later: mark it, so the sweep does not offer it again every interval
            sweeps.setExtractedThrough(conversationId, conv.lastSeq());
            return TurnOutcome.done("agent or contact gone");
        }
        if (conv.lastSeq() <= conv.extractedThroughSeq()) return TurnOutcome.done("nothing new since the last extraction");
        Instant quietAt = conv.lastMessageAt().plus(interval(agent));
        if (clock.instant().isBefore(quietAt)) return new TurnOutcome.RetryAt(quietAt);

        String ref = "extract:" + conversationId + ":" + conv.lastSeq();
        if (stores.credits().balance(conv.tenantId()) < settings.extractionCost()) {
            // skipped, as a turn without credits is: the next message makes the conversation due again. Left
            // unmarked, the sweep would offer it again every interval, and a backlog of tenants without
            // credits would fill the sweep's batch ahead of conversations that can be extracted.
            sweeps.setExtractedThrough(conversationId, conv.lastSeq());
            return TurnOutcome.done("no credits for extraction");
        }
        var policy = policies.of(conv.tenantId());
        var request = new ExtractionRequest(agent, conv, contact, turns.history(conversationId, TRANSCRIPT_LIMIT));
        String lastError = null;
        for (int attempt = 1; attempt <= settings.extractionAttempts(); attempt++) {
            try {
                LeadData data = extractor.extract(request);
                // Every call that returned something is paid for, valid or not: the tokens were spent.
                stores.credits().tryDeduct(conv.tenantId(), policy.cost(settings.extractionCost(), data.usage()), ref, data.usage());
                LeadValidation.check(data);
                stores.extractions().add(new dev.switchboard.core.domain.Extraction(ids.next("ext"), conv.tenantId(), conversationId,
                        LeadValidation.blankToNull(data.name()), LeadValidation.blankToNull(data.email()),
                        LeadValidation.blankToNull(data.company()), LeadValidation.blankToNull(data.intent()),
                        data.urgency(), data.budget(), data.fit(), data.engagement(),
                        LeadValidation.demoInstant(data.demoDatetime()), LeadValidation.blankToNull(data.smartNotification()),
                        conv.lastSeq(), clock.instant()));
                sweeps.setExtractedThrough(conversationId, conv.lastSeq());
                metrics.extraction(EngineMetrics.Lead.STORED);
                return TurnOutcome.done("extracted");
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                String msg = lastError;
                int n = attempt;
                LOG.warning(() -> "extraction attempt " + n + " failed for " + conversationId + ": " + msg);
                if (attempt < settings.extractionAttempts()) sleep(settings.sendBackoff().multipliedBy(1L << (attempt - 1)));
            }
        }
        stores.webhookLog().record(new WebhookLogEntry(ids.next("wh"), conv.tenantId(), "extraction", "extraction_failed", false,
                lastError, conversationId, clock.instant()));
        // Mark the messages as covered so a broken model is not called again until something new arrives.
        sweeps.setExtractedThrough(conversationId, conv.lastSeq());
        metrics.extraction(EngineMetrics.Lead.FAILED);
        return TurnOutcome.done("extraction failed: " + lastError);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
