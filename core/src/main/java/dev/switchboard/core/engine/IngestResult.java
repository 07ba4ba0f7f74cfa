package dev.switchboard.core.engine;

/**
 * What a webhook delivery amounted to.
 *
 * @param rejected   why the request was refused (forged, unauthenticated); null when it was verified
 * @param stored     new inbound messages stored
 * @param duplicates events seen before (provider retries)
 * @param updates    delivery statuses, echoes and account updates applied
 * @param ignored    events deliberately dropped (unknown account, no agent, group message…)
 * @param journaled  deferred ingest: the inbound journal entry holding the verified delivery, whose events a
 *                   worker processes next (the counts are then all 0); null when the events were processed here
 */
public record IngestResult(String rejected, int stored, int duplicates, int updates, int ignored, String journaled) {
    public IngestResult(String rejected, int stored, int duplicates, int updates, int ignored) {
        this(rejected, stored, duplicates, updates, ignored, null);
    }

    static IngestResult rejectedBecause(String reason) {
        return new IngestResult(reason, 0, 0, 0, 0);
    }

    static IngestResult journaledAs(String entryId) {
        return new IngestResult(null, 0, 0, 0, 0, entryId);
    }

    public boolean accepted() {
        return rejected == null;
    }
}
