package dev.switchboard.core.store;

import java.util.List;

/**
 * What {@link EventLog#read} found.
 *
 * @param events the events after the reader's id, oldest first
 * @param reset  the reader's id is older than the log keeps (or newer than any written): events
 *               were lost to it, so it must reload; {@code events} then starts at the oldest kept
 */
public record EventPage(List<StoredEvent> events, boolean reset) {
    public EventPage {
        events = List.copyOf(events);
    }
}
