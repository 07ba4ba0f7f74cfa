package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.Message;
import java.util.List;

/**
 * One page of a conversation's transcript, in sequence order.
 *
 * @param hasMore there are messages beyond this page in the direction it was read (older ones when
 *                paging backwards, newer ones when paging forwards)
 */
public record TranscriptPage(String conversationId, List<Message> messages, boolean hasMore) {
    public TranscriptPage {
        messages = List.copyOf(messages);
    }
}
