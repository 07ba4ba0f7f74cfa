package dev.switchboard.core.store;

import dev.switchboard.core.domain.Extraction;
import java.util.List;
import java.util.Optional;

/** Lead extractions. History is kept: each extraction is a new row, the latest wins. */
public interface ExtractionStore {
    Extraction add(Extraction extraction);

    Optional<Extraction> latest(String conversationId);

    /** Newest first; {@code conversationId} null lists all of the tenant's. */
    List<Extraction> list(String tenantId, String conversationId, int limit, int offset);
}
