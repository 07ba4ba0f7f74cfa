package dev.switchboard.core.engine;

/**
 * What a webhook delivery amounted to.
 *
 * @param rejected  why the request was refused (forged, unauthenticated); null when it was verified
 * @param stored    new inbound messages stored
 * @param duplicates events seen before (provider retries)
 * @param updates   delivery statuses, echoes and account updates applied
 * @param ignored   events deliberately dropped (unknown account, no agent, group message…)
 */
public record IngestResult(String rejected, int stored, int duplicates, int updates, int ignored) {
    static IngestResult rejectedBecause(String reason) {
        return new IngestResult(reason, 0, 0, 0, 0);
    }

    public boolean accepted() {
        return rejected == null;
    }
}
