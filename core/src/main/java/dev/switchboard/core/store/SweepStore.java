package dev.switchboard.core.store;

import java.time.Instant;
import java.util.List;

/** The background jobs' view: work a queue may have lost, extraction marks, and relink archiving. */
public interface SweepStore {

    /**
     * Open conversations that still owe work: an inbound message after the answered watermark, or an
     * outbound message still pending, and no inbound message since {@code quietSince}. The engine's
     * sweep re-enqueues them, so work a queue lost (Redis down, or back empty) is found again here.
     * Oldest first.
     */
    List<String> awaitingReply(Instant quietSince, int limit);

    /** Conversations with messages newer than their last extraction and quiet since {@code quietSince}. */
    List<String> awaitingExtraction(Instant quietSince, int limit);

    /** Never moves back: two extractions finishing out of order keep the newer mark. */
    void setExtractedThrough(String conversationId, long seq);

    /**
     * Archives every open conversation on the account (the number was relinked from one agent to
     * another) and records the archive.
     *
     * @return the ids of the conversations archived, in id order (the live event log names each)
     */
    List<String> archiveOpen(String channelAccountId, String oldAgentId, String newAgentId);
}
