package dev.switchboard.core.engine;

import dev.switchboard.core.domain.Conversation;
import dev.switchboard.core.domain.Message;
import dev.switchboard.core.store.Accepted;
import dev.switchboard.core.store.ConversationStore;
import dev.switchboard.core.store.EventLog;
import dev.switchboard.core.store.StoredEvent;
import dev.switchboard.core.store.TurnStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the {@link EventLog} where conversations and messages are written: a conversation store
 * that, after each write that commits, appends the event naming what it changed. Every write of the
 * engine and of the use cases goes through the engine's store, in a server node or a worker, so one
 * wrapper covers them all and the log is shared through the storage.
 *
 * <p>The event is queued right after the write commits ({@link EventLog#appendLater}), so the
 * resource is visible to any reader that sees the event, and the writer does not wait for the
 * event's own commit: a webhook is answered, and a worker sends its reply, one commit sooner. A
 * crash before a queued event is written loses it (a live screen misses one update until its next
 * reload); a failing append is logged and never fails the write it follows. Each method is matched
 * by name, so methods added to the store later pass through unchanged until they are given an event
 * here.
 */
final class EventRecording implements InvocationHandler {
    private static final Logger LOG = Logger.getLogger(EventRecording.class.getName());
    /** Methods that write nothing a screen follows (reads, watermarks, marks). */
    private static final Set<String> QUIET = Set.of("find", "list", "messages", "findMessage", "findOpen", "findByExternalId",
            "pendingOutbound", "unanswered", "history", "advanceWatermark", "setModelConversationId", "setMediaStoredPath",
            "awaitingReply", "awaitingExtraction", "setExtractedThrough", "turnStart");
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** How many recently written messages' tenants are remembered, so a send's status needs no read to name its tenant. */
    static final int REMEMBERED_MESSAGES = 4096;

    private final ConversationStore target;
    private final EventLog events;
    /** Message id → tenant id of the messages this process wrote last (a reply is sent right after it is recorded). */
    private final java.util.Map<String, String> recentTenants = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_MESSAGES;
                }
            });

    private EventRecording(ConversationStore target, EventLog events) {
        this.target = target;
        this.events = events;
    }

    /** {@code store} recording its writes in {@code events}; {@code store} itself when events is {@link EventLog#NONE}. */
    static ConversationStore wrap(ConversationStore store, EventLog events) {
        if (events == EventLog.NONE) return store;
        return (ConversationStore) Proxy.newProxyInstance(ConversationStore.class.getClassLoader(),
                new Class<?>[] {ConversationStore.class}, new EventRecording(store, events));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, method, args);
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        try {
            record(method.getName(), args, result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "appending a live event after " + method.getName() + " failed", e);
        }
        return result;
    }

    private void record(String name, Object[] args, Object result) {
        switch (name) {
            case "acceptInbound" -> {
                Accepted a = (Accepted) result;
                if (a.duplicate()) return;
                if (a.newConversation()) { // both together: one batch
                    events.appendLater(a.message().tenantId(), List.of(
                            new EventLog.Entry(StoredEvent.CONVERSATION_UPDATED, a.conversation().id()),
                            new EventLog.Entry(StoredEvent.MESSAGE_CREATED, a.message().id())));
                } else {
                    message(StoredEvent.MESSAGE_CREATED, a.message());
                }
            }
            case "appendOutbound" -> message(StoredEvent.MESSAGE_CREATED, (Message) result);
            case "recordReply" -> ((Optional<?>) result).ifPresent(m -> message(StoredEvent.MESSAGE_CREATED, (Message) m));
            case "recordPaidReply" -> {
                if (result instanceof TurnStore.PaidReply.Recorded r) {
                    message(StoredEvent.MESSAGE_CREATED, r.message());
                }
            }
            case "applyStatus", "editInbound" ->
                    ((Optional<?>) result).ifPresent(m -> message(StoredEvent.MESSAGE_UPDATED, (Message) m));
            case "recordSend" -> {
                String id = (String) args[0], tenant = recentTenants.get(id);
                if (tenant != null) later(tenant, StoredEvent.MESSAGE_UPDATED, id);
                else target.findMessage(id).ifPresent(m -> message(StoredEvent.MESSAGE_UPDATED, m));
            }
            case "setStatus" -> target.find((String) args[0]).ifPresent(this::conversation);
            case "archiveOpen" -> {
                // a number relinked to another agent: every conversation it archived leaves the inbox's open list
                @SuppressWarnings("unchecked") List<String> archived = (List<String>) result;
                if (archived.isEmpty()) return;
                target.find(archived.getFirst()).ifPresent(c -> events.appendLater(c.tenantId(), archived.stream()
                        .map(id -> new EventLog.Entry(StoredEvent.CONVERSATION_UPDATED, id)).toList()));
            }
            default -> {
                // a method added to the store after this class: say so once, so a new write gets its event here
                if (!QUIET.contains(name) && WARNED.add(name)) {
                    LOG.warning("ConversationStore." + name + " is not recorded in the live event log: add it to EventRecording");
                }
            }
        }
    }

    private void message(String type, Message m) {
        if (type.equals(StoredEvent.MESSAGE_CREATED) && m.direction() == dev.switchboard.core.domain.Direction.OUTBOUND) {
            recentTenants.put(m.id(), m.tenantId());
        }
        later(m.tenantId(), type, m.id());
    }

    private void conversation(Conversation c) {
        later(c.tenantId(), StoredEvent.CONVERSATION_UPDATED, c.id());
    }

    private void later(String tenantId, String type, String resourceId) {
        events.appendLater(tenantId, List.of(new EventLog.Entry(type, resourceId)));
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "EventRecording[" + target + "]";
        };
    }
}
