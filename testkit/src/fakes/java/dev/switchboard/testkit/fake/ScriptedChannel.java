package dev.switchboard.testkit.fake;

import dev.switchboard.core.channel.AccountDirectory;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.InboundEvent;
import dev.switchboard.core.channel.OutboundContent;
import dev.switchboard.core.channel.OutboundMessage;
import dev.switchboard.core.channel.ReadReceipts;
import dev.switchboard.core.channel.SendPacing;
import dev.switchboard.core.channel.SendResult;
import dev.switchboard.core.channel.TypingIndicator;
import dev.switchboard.core.channel.Verification;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.domain.ChannelAccount;
import dev.switchboard.core.domain.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel for tests and demos, in the spirit of okhttp's {@code MockWebServer}: it records what the
 * engine sends, answers sends as scripted, and turns short text lines (or any events you hand it)
 * into webhooks.
 *
 * <pre>{@code
 * ScriptedChannel channel = new ScriptedChannel();                   // channel "test", provider "scripted"
 * Switchboard engine = Switchboard.create(c -> c.channel(channel).model(model));
 * engine.ingest().receive("test", "scripted", channel.webhook("5511999990001|m1|Olá"));
 * channel.enqueue(new SendResult.RateLimited(Duration.ofMillis(5), "429", "slow down"));
 * ... run a turn ...
 * assertThat(channel.texts()).containsExactly("reply 1");
 * }</pre>
 *
 * <p>Webhook lines (fields split on {@code |}; events are addressed to {@link #account}):
 * <ul>
 *   <li>{@code from|id|text}: the customer {@code from} wrote message {@code id};</li>
 *   <li>{@code echo|from|id|text}: the business sent {@code text} to {@code from} from elsewhere;</li>
 *   <li>{@code status|id|delivered}: a delivery report for our message {@code id};</li>
 *   <li>{@code edit|id|text}: the customer edited message {@code id}.</li>
 * </ul>
 * A webhook is authentic when it carries header {@value #AUTH_HEADER}: {@value #AUTH_OK} (what
 * {@link #webhook} adds and {@link #forged} leaves out), unless {@link #acceptAll} was called.
 *
 * <p>Sends answer the scripted results in order ({@link #enqueue}), then {@code Sent("out-1")},
 * {@code Sent("out-2")}… Thread-safe. Not final: override any {@link Channel} method for a case the
 * script does not cover.
 */
public class ScriptedChannel implements Channel, TypingIndicator, ReadReceipts {
    public static final String AUTH_HEADER = "auth";
    public static final String AUTH_OK = "ok";
    private static final String EVENTS = "scripted-events:";

    private final String channel;
    private final String provider;
    private volatile String account = "acc-1";
    private volatile boolean acceptAll;
    private volatile Duration serviceWindow;
    private volatile SendPacing pacing = SendPacing.NONE;
    private final Set<String> windowClosingCodes = ConcurrentHashMap.newKeySet();
    private final Queue<SendResult> results = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    private final List<String> typings = new CopyOnWriteArrayList<>();
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private final Map<String, List<InboundEvent>> scriptedEvents = new ConcurrentHashMap<>();
    private final AtomicInteger eventBatches = new AtomicInteger();
    private volatile RuntimeException typingFailure;

    /** Channel "test", provider "scripted". */
    public ScriptedChannel() {
        this("test", "scripted");
    }

    public ScriptedChannel(String channel, String provider) {
        this.channel = channel;
        this.provider = provider;
    }

    // ---- script ----

    /** The account id parsed lines are addressed to ("acc-1" unless set). */
    public ScriptedChannel account(String accountId) {
        this.account = accountId;
        return this;
    }

    /** Every webhook is authentic, header or not. */
    public ScriptedChannel acceptAll() {
        this.acceptAll = true;
        return this;
    }

    /** A customer service window (none unless set): the engine sends no free-form message outside it. */
    public ScriptedChannel serviceWindow(Duration window) {
        this.serviceWindow = window;
        return this;
    }

    /** A send failing with this error code means the service window is closed. */
    public ScriptedChannel closesWindowOn(String errorCode) {
        windowClosingCodes.add(errorCode);
        return this;
    }

    public ScriptedChannel pacing(SendPacing pacing) {
        this.pacing = pacing;
        return this;
    }

    /** The next sends answer these results, in order; then sends succeed again. */
    public ScriptedChannel enqueue(SendResult... next) {
        results.addAll(List.of(next));
        return this;
    }

    /** {@link #typing} throws this from now on (the engine must carry on regardless). */
    public ScriptedChannel failTypingWith(RuntimeException failure) {
        this.typingFailure = failure;
        return this;
    }

    // ---- webhooks ----

    /** An authentic webhook carrying one line. */
    public WebhookRequest webhook(String line) {
        return WebhookRequest.of(Map.of(AUTH_HEADER, AUTH_OK), line.getBytes(StandardCharsets.UTF_8));
    }

    /** An authentic webhook that parses into exactly these events (contact attributes, edits, anything). */
    public WebhookRequest webhook(InboundEvent... events) {
        String key = EVENTS + eventBatches.incrementAndGet();
        scriptedEvents.put(key, List.of(events));
        return webhook(key);
    }

    /** A webhook without the authentication header: refused unless {@link #acceptAll}. */
    public WebhookRequest forged(String line) {
        return WebhookRequest.of(Map.of(), line.getBytes(StandardCharsets.UTF_8));
    }

    // ---- what happened ----

    /** Every message the engine sent, in order. */
    public List<OutboundMessage> sent() {
        return sent;
    }

    /** The bodies of the text messages sent, in order. */
    public List<String> texts() {
        return sent.stream().filter(m -> m.content() instanceof OutboundContent.Text)
                .map(m -> ((OutboundContent.Text) m.content()).body()).toList();
    }

    /** The recipients the engine showed a typing indicator to, in order. */
    public List<String> typings() {
        return List.copyOf(typings);
    }

    /** The message ids the engine marked read, in order. */
    public List<String> reads() {
        return List.copyOf(reads);
    }

    /** Forgets what was sent, typed and read (the script stays). */
    public void clear() {
        sent.clear();
        typings.clear();
        reads.clear();
    }

    // ---- Channel ----

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public Verification verify(WebhookRequest request, AccountDirectory accounts) {
        return acceptAll || AUTH_OK.equals(request.header(AUTH_HEADER)) ? Verification.accepted()
                : Verification.rejected("bad auth");
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
        String body = request.bodyText();
        List<InboundEvent> scripted = scriptedEvents.get(body);
        if (scripted != null) return scripted;
        String[] p = body.split("\\|", -1);
        Instant now = Instant.now();
        List<InboundEvent> events = new ArrayList<>();
        switch (p[0]) {
            case "echo" -> events.add(new InboundEvent.EchoSent(account, p[2], p[1], "text", p[3], null, now, "{}"));
            case "status" -> events.add(new InboundEvent.StatusUpdate(account, p[1],
                    DeliveryStatus.fromWire(p[2]).orElseThrow(), now, p.length > 3 ? p[3] : null, null, "{}"));
            case "edit" -> events.add(new InboundEvent.Edited(account, p[1], p[2], now, "{}"));
            default -> events.add(new InboundEvent.MessageReceived(account, p[1], p[0], "Ana", null, "text", p[2], null,
                    null, now, "{}"));
        }
        return events;
    }

    @Override
    public SendResult send(ChannelAccount account, OutboundMessage message) {
        sent.add(message);
        SendResult next = results.poll();
        return next != null ? next : new SendResult.Sent("out-" + ids.incrementAndGet());
    }

    @Override
    public Optional<Duration> serviceWindow() {
        return Optional.ofNullable(serviceWindow);
    }

    @Override
    public boolean closesServiceWindow(String errorCode) {
        return windowClosingCodes.contains(errorCode);
    }

    @Override
    public SendPacing pacing() {
        return pacing;
    }

    @Override
    public void markRead(ChannelAccount account, String externalMessageId) {
        reads.add(externalMessageId);
    }

    @Override
    public void typing(ChannelAccount account, String recipient) {
        typings.add(recipient);
        RuntimeException failure = typingFailure;
        if (failure != null) throw failure;
    }
}
