package dev.switchboard.core.memory;

import dev.switchboard.core.domain.Extraction;
import dev.switchboard.core.store.ExtractionStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@link ExtractionStore} in memory: every extraction kept, the latest wins. */
final class InMemoryExtractionStore implements ExtractionStore {
    private final Guard guard;
    private final List<Extraction> extractions = new ArrayList<>();

    InMemoryExtractionStore(Guard guard) {
        this.guard = guard;
    }

    public Extraction add(Extraction extraction) {
        return guard.locked(() -> {
            extractions.add(extraction);
            return extraction;
        });
    }

    public Optional<Extraction> latest(String conversationId) {
        return guard.locked(() -> {
            for (int i = extractions.size() - 1; i >= 0; i--) {
                if (extractions.get(i).conversationId().equals(conversationId)) return Optional.of(extractions.get(i));
            }
            return Optional.empty();
        });
    }

    public List<Extraction> list(String tenantId, String conversationId, int limit, int offset) {
        return guard.locked(() -> {
            List<Extraction> mine = new ArrayList<>(extractions.stream()
                    .filter(e -> e.tenantId().equals(tenantId))
                    .filter(e -> conversationId == null || conversationId.equals(e.conversationId())).toList());
            Collections.reverse(mine);
            return mine.stream().skip(offset).limit(limit).toList();
        });
    }
}
