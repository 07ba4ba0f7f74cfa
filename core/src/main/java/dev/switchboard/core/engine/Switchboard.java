package dev.switchboard.core.engine;

import dev.switchboard.core.DefaultPorts;
import dev.switchboard.core.channel.Channel;
import dev.switchboard.core.channel.ChannelDescriptor;
import dev.switchboard.core.channel.ChannelModule;
import dev.switchboard.core.channel.RegistrationContext;
import dev.switchboard.core.model.AgentModel;
import dev.switchboard.core.model.LeadExtractor;
import dev.switchboard.core.model.OfflineModel;
import dev.switchboard.core.store.Stores;
import dev.switchboard.core.support.Ids;
import dev.switchboard.core.usecase.Agents;
import dev.switchboard.core.usecase.ChannelAccounts;
import dev.switchboard.core.usecase.Conversations;
import dev.switchboard.core.usecase.Credits;
import dev.switchboard.core.usecase.Tenants;
import dev.switchboard.core.work.Dedup;
import dev.switchboard.core.work.Invalidations;
import dev.switchboard.core.work.Locks;
import dev.switchboard.core.work.RateLimiter;
import dev.switchboard.core.work.Task;
import dev.switchboard.core.work.WorkQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The engine: ingest, conversation work and the administration use cases ({@link #tenants()},
 * {@link #channelAccounts()}, {@link #agents()}, {@link #credits()}, {@link #conversations()}) over the ports it is given. Anything
 * not given defaults to its in-memory implementation, so {@code Switchboard.create(c -> c.channel(x))}
 * runs with no infrastructure.
 *
 * <pre>{@code
 * Switchboard engine = Switchboard.create(config -> config
 *         .stores(postgres.stores())
 *         .channel(whatsApp)
 *         .model(openAi));
 * engine.startWorkers(8);
 * }</pre>
 */
public final class Switchboard implements AutoCloseable {
    private final Config config;
    private final ChannelRegistry channels;
    private final Ingest ingest;
    private final DeferredIngest deferredIngest; // null without an inbound journal
    private final ConversationWorker worker;
    private final Extraction extraction;
    private final Tenants tenants;
    private final ChannelAccounts channelAccounts;
    private final Agents agents;
    private final Credits credits;
    private final Conversations conversations;
    private final dev.switchboard.core.usecase.Contacts contacts;
    private final dev.switchboard.core.usecase.Messages messages;
    private final Directory directory;
    private final WebhookLogWriter webhookLog;
    private final List<WorkerPool> pools = new ArrayList<>();

    private Switchboard(Config c) {
        this.config = c;
        this.channels = new ChannelRegistry(c.modules);
        this.directory = new Directory(c.stores, c.clock, c.directoryTtl, c.invalidations);
        this.webhookLog = new WebhookLogWriter(c.stores.webhookLog());
        this.ingest = new Ingest(c.stores, channels, c.queue, c.dedup, c.clock, c.ids, c.settings, directory, webhookLog, c.metrics);
        this.deferredIngest = c.journal == null ? null : new DeferredIngest(ingest, channels, c.journal, c.queue, c.clock, c.metrics,
                c.locks, c.settings.lockTtl());
        this.extraction = new Extraction(c.stores, c.extractor, c.queue, c.clock, c.ids, c.settings, c.metrics);
        this.worker = new ConversationWorker(c.stores, channels, c.model, c.locks, c.clock, c.settings, extraction, c.rateLimiter,
                new MediaDownloads(c.stores, c.mediaStore, c.maxMediaBytes), directory, c.metrics);
        this.tenants = new Tenants(c.stores, c.clock, c.ids);
        this.channelAccounts = new ChannelAccounts(c.stores, channels, c.clock, directory::invalidate, tenants,
                new RegistrationContext(c.publicBaseUrl));
        this.agents = new Agents(c.stores, c.clock, c.ids, directory::invalidate, tenants, channelAccounts);
        this.credits = new Credits(c.stores, tenants);
        this.conversations = new Conversations(c.stores, c.queue, tenants, channels);
        this.contacts = new dev.switchboard.core.usecase.Contacts(c.stores, tenants, conversations);
        this.messages = new dev.switchboard.core.usecase.Messages(c.stores, c.queue, tenants, channels, conversations, c.clock);
    }

    /** An engine whose unset ports are in memory, for one process ({@link DefaultPorts#inMemory()}). */
    public static Switchboard create(Consumer<Config> configure) {
        return create(DefaultPorts.inMemory(), configure);
    }

    /** An engine whose unset ports come from {@code defaults}. */
    public static Switchboard create(PortDefaults defaults, Consumer<Config> configure) {
        Config c = new Config();
        configure.accept(c);
        c.fillDefaults(Objects.requireNonNull(defaults));
        return new Switchboard(c);
    }

    public Ingest ingest() {
        return ingest;
    }

    /**
     * The webhook path of deferred ingest (verify, journal, queue; a worker processes the events).
     *
     * @throws IllegalStateException when the engine has no {@link Config#journal}
     */
    public DeferredIngest deferredIngest() {
        if (deferredIngest == null) throw new IllegalStateException("deferred ingest needs an inbound journal (Config.journal)");
        return deferredIngest;
    }

    /** Whether the engine has an inbound journal, so {@link #deferredIngest()} works. */
    public boolean hasJournal() {
        return deferredIngest != null;
    }

    /** Opening and finding tenants. */
    public Tenants tenants() {
        return tenants;
    }

    /** Registering, finding, deleting and connecting a tenant's channel accounts. */
    public ChannelAccounts channelAccounts() {
        return channelAccounts;
    }

    /** Creating, changing and deleting a tenant's agents. */
    public Agents agents() {
        return agents;
    }

    /** A tenant's credit balance and top-ups. */
    public Credits credits() {
        return credits;
    }

    /** Listing conversations and messages; an operator's status changes and messages. */
    public Conversations conversations() {
        return conversations;
    }

    /** A tenant's contacts, with their conversations. */
    public dev.switchboard.core.usecase.Contacts contacts() {
        return contacts;
    }

    /** Single messages: a manual retry of a failed send, a message to a contact. */
    public dev.switchboard.core.usecase.Messages messages() {
        return messages;
    }

    public ChannelRegistry channels() {
        return channels;
    }

    public Stores stores() {
        return config.stores;
    }

    public WorkQueue queue() {
        return config.queue;
    }

    /** The tenants' live event log this engine's stores write ({@link Config#events}). */
    public dev.switchboard.core.store.EventLog events() {
        return config.events;
    }

    /** Waits until webhook log entries queued so far are written (they are written off the request path). */
    public void flushWebhookLog() {
        webhookLog.flush(java.time.Duration.ofSeconds(5));
    }

    public EngineSettings settings() {
        return config.settings;
    }

    /** Runs one task now, on the calling thread (workers call this; tests and embedders may too). */
    public TurnOutcome run(Task task) {
        return switch (task.kind()) {
            case Task.TURN -> worker.runTurn(task.key());
            case Task.EXTRACT -> extraction.run(task.key());
            case Task.RECEIVE -> deferredIngest == null ? TurnOutcome.done("no inbound journal: receive " + task.key() + " dropped")
                    : deferredIngest.process(task.key());
            default -> TurnOutcome.done("unknown task kind " + task.kind());
        };
    }

    /**
     * Finds in the store the work the queue may have lost (a Redis outage, a Redis that came back
     * empty, a crash between storing and enqueueing) and submits it again. Turns are idempotent, so
     * submitting one that is also queued costs a no-op turn at most. Also deletes webhook log rows
     * older than the retention setting.
     *
     * @return how many tasks were submitted
     */
    public int sweep() {
        java.time.Instant now = config.clock.instant();
        int submitted = 0;
        for (String id : config.stores.conversations().awaitingReply(now.minus(config.settings.sweepQuiet()), 1000)) {
            config.queue.submit(Task.turn(id));
            submitted++;
        }
        if (extraction.enabled()) {
            for (String id : config.stores.conversations().awaitingExtraction(now.minus(config.settings.extractionInterval()), 1000)) {
                config.queue.submit(Task.extract(id));
                submitted++;
            }
        }
        if (deferredIngest != null) submitted += deferredIngest.requeue(now.minus(config.settings.sweepQuiet()));
        purgeWebhookLog(now);
        return submitted;
    }

    /** Deletes webhook log rows past their retention, a batch at a time, at most 50,000 a sweep. */
    private void purgeWebhookLog(java.time.Instant now) {
        java.time.Duration retention = config.settings.webhookLogRetention();
        if (retention.isZero()) return;
        int batch = 5_000;
        for (int i = 0; i < 10 && config.stores.webhookLog().deleteOlderThan(now.minus(retention), batch) == batch; i++) {
            // another full batch: keep going
        }
    }

    /** Sweeps unless another process swept within the interval (one sweep per interval across workers). */
    boolean sweepIfDue() {
        var lock = config.locks.tryAcquire("sweep", config.settings.sweepInterval());
        if (lock.isEmpty()) return false;
        sweep(); // the lock is left to expire: it marks the interval as swept
        return true;
    }

    /** Starts {@code concurrency} workers on the queue; stopped by {@link #close}. */
    public synchronized WorkerPool startWorkers(int concurrency) {
        WorkerPool pool = new WorkerPool(this, config.queue, concurrency);
        pools.add(pool);
        return pool;
    }

    @Override
    public synchronized void close() {
        pools.forEach(WorkerPool::close);
        pools.clear();
        worker.close();
        webhookLog.close();
        directory.close();
    }

    /** Engine wiring. Every setter returns this; unset ports come from the {@link PortDefaults} given to create. */
    public static final class Config {
        private Stores stores;
        private WorkQueue queue;
        private Locks locks;
        private Dedup dedup;
        private RateLimiter rateLimiter;
        private Invalidations invalidations;
        private dev.switchboard.core.store.EventLog events;
        private dev.switchboard.core.store.InboundJournal journal;
        private java.time.Duration directoryTtl = java.time.Duration.ofSeconds(30);
        private dev.switchboard.core.media.MediaStore mediaStore;
        private long maxMediaBytes;
        private final List<ChannelModule> modules = new ArrayList<>();
        private String publicBaseUrl;
        private AgentModel model;
        private LeadExtractor extractor;
        private Clock clock = Clock.systemUTC();
        private Ids ids = Ids.timeOrdered();
        private EngineSettings settings = EngineSettings.defaults();
        private dev.switchboard.core.support.EngineMetrics metrics = dev.switchboard.core.support.EngineMetrics.NONE;

        public Config stores(Stores stores) { this.stores = stores; return this; }
        public Config queue(WorkQueue queue) { this.queue = queue; return this; }
        public Config locks(Locks locks) { this.locks = locks; return this; }
        public Config dedup(Dedup dedup) { this.dedup = dedup; return this; }
        /** Paces sends to each channel's limits; share one across processes (Redis) to pace a whole deployment. */
        public Config rateLimiter(RateLimiter rateLimiter) { this.rateLimiter = rateLimiter; return this; }
        /**
         * How long the webhook path may use a cached account and agent (default 30 s). Admin writes on this
         * engine clear the cache at once, and other nodes' caches through {@link #invalidations}; should an
         * invalidation be lost, a change is seen within this time.
         */
        /**
         * How admin writes reach the other processes' caches; share one across processes (Redis) when several
         * server nodes ingest. Default: this process only.
         */
        public Config invalidations(Invalidations invalidations) { this.invalidations = Objects.requireNonNull(invalidations); return this; }
        /**
         * Where conversation and message writes are recorded for live readers; share one across
         * processes (the storage's) when several nodes or workers write. Default from the {@link PortDefaults}.
         */
        public Config events(dev.switchboard.core.store.EventLog events) { this.events = Objects.requireNonNull(events); return this; }
        /** Enables {@link #deferredIngest()}: where verified deliveries wait for a worker (shared by all processes). */
        public Config journal(dev.switchboard.core.store.InboundJournal journal) { this.journal = Objects.requireNonNull(journal); return this; }
        public Config directoryCacheTtl(java.time.Duration ttl) { this.directoryTtl = Objects.requireNonNull(ttl); return this; }
        /** Downloads inbound media (up to {@code maxBytes} each) into {@code store} when a turn starts; off when not set. */
        public Config media(dev.switchboard.core.media.MediaStore store, long maxBytes) {
            this.mediaStore = store;
            this.maxMediaBytes = maxBytes;
            return this;
        }
        /** A channel with a basic descriptor (an access token required to register an account, no webhook routes). */
        public Config channel(Channel channel) {
            return module(new ChannelModule(ChannelDescriptor.basic(channel.channel(), channel.provider()), channel));
        }
        /** A channel as its adapter module describes it. */
        public Config module(ChannelModule module) { this.modules.add(Objects.requireNonNull(module)); return this; }
        /** The server's public base URL, for channels that register their webhook with the provider; none by default. */
        public Config publicBaseUrl(String url) { this.publicBaseUrl = url; return this; }
        public Config model(AgentModel model) { this.model = model; return this; }
        /** Lead extraction runs only when an extractor is set. */
        public Config extractor(LeadExtractor extractor) { this.extractor = extractor; return this; }
        public Config clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        public Config ids(Ids ids) { this.ids = Objects.requireNonNull(ids); return this; }
        public Config settings(EngineSettings settings) { this.settings = Objects.requireNonNull(settings); return this; }
        /** Where the engine reports webhooks, turns, model calls, sends and extractions; none by default. */
        public Config metrics(dev.switchboard.core.support.EngineMetrics metrics) {
            this.metrics = GuardedMetrics.of(Objects.requireNonNull(metrics));
            return this;
        }

        private void fillDefaults(PortDefaults defaults) {
            if (stores == null) stores = defaults.stores(clock, ids);
            if (queue == null) queue = defaults.queue(clock);
            if (locks == null) locks = defaults.locks(clock);
            if (dedup == null) dedup = defaults.dedup(clock);
            if (rateLimiter == null) rateLimiter = defaults.rateLimiter();
            if (invalidations == null) invalidations = defaults.invalidations();
            if (model == null) model = new OfflineModel();
            if (events == null) events = defaults.events();
            stores = stores.withConversations(EventRecording.wrap(stores.conversations(), events));
        }
    }
}
