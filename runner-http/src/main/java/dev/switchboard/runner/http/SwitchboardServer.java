package dev.switchboard.runner.http;

import dev.switchboard.adapters.redis.RedisAdapters;
import dev.switchboard.core.engine.EngineSettings;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.runner.common.Metrics;
import dev.switchboard.runner.common.Models;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled server: wires the engine from a {@link ServerConfig} and serves it over HTTP. In the
 * embedded default (no DATABASE_URL) the state is kept in a SQLite file and the worker runs in-process.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardServer.class);

    private final Switchboard engine;
    private final Javalin app;
    private final List<AutoCloseable> resources;

    private SwitchboardServer(Switchboard engine, Javalin app, List<AutoCloseable> resources) {
        this.engine = engine;
        this.app = app;
        this.resources = resources;
    }

    /** Builds and starts the server on {@code config.apiPort()} (0 picks a free port). */
    public static SwitchboardServer start(ServerConfig config) {
        return start(config, settings -> {});
    }

    /** As {@link #start(ServerConfig)}, letting the caller adjust engine settings (tests shorten waits). */
    public static SwitchboardServer start(ServerConfig config, Consumer<EngineSettingsBuilder> tune) {
        List<AutoCloseable> resources = new ArrayList<>();
        List<HttpApi.Probe> probes = new ArrayList<>();
        EngineSettingsBuilder settings = new EngineSettingsBuilder(EngineSettings.defaults()
                .withSendMaxAttempts(config.sendMaxAttempts())
                .withExtractionInterval(config.extractionInterval())
                .withWebhookLogRetention(config.webhookLogRetention())
                .withModelTimeout(config.turnTimeout()));
        tune.accept(settings);

        Metrics metrics = new Metrics();
        resources.add(metrics);
        RedisAdapters[] redis = {null};
        dev.switchboard.core.store.ApiKeyStore[] apiKeys = {null};
        LiveEventFeeds feeds = new LiveEventFeeds(settings.eventsPollInterval);
        Switchboard engine = Switchboard.create(c -> {
            c.settings(settings.settings).metrics(metrics.engine());
            config.channels().configure(c);
            config.media().configure(c);
            Models.configure(c, config.openAi());
            redis[0] = Storage.configure(config, c, probes, resources, k -> apiKeys[0] = k, feeds::signalling);
        });
        if (redis[0] != null) metrics.redisScripts(redis[0], RedisAdapters::scriptCalls, RedisAdapters::scriptRoundTrips);
        if (engine.hasJournal()) metrics.inboundJournal(engine.deferredIngest());
        if (config.embeddedWorker()) {
            engine.startWorkers(config.workerConcurrency());
            // the in-process queue starts empty: refill it from stored state (a shared Redis queue keeps its own)
            if (redis[0] == null && config.storage().persistent()) Recovery.run(engine, java.time.Clock.systemUTC());
        }
        dev.switchboard.runner.http.webchat.DemoBootstrap.run(engine, config.demo(), config.openAiConfigured() ? "OpenAI" : "offline");

        // with Redis the admin API's limit is shared by every server node, else each counts its own
        ApiRateLimit limit = ApiRateLimit.create(config.apiRateLimit(), redis[0] == null ? null : redis[0].rateLimiter());
        Javalin app = HttpApi.create(engine, config, probes, metrics, limit,
                new TenantKeys(apiKeys[0], java.time.Clock.systemUTC()), feeds);
        feeds.start(engine);
        EventResources.install(app, engine, feeds, settings.eventsKeepAlive); // GET /users/{user_id}/events
        app.start(config.apiPort());
        LOG.info("Switchboard listening on port {} ({}, model: {}, workers: {})", app.port(),
                config.storage().describe(),
                config.openAiConfigured() ? "OpenAI " + config.openAi().apiMode().wire() : "offline",
                config.embeddedWorker() ? config.workerConcurrency() : 0);
        if (config.adminKeyIsDevDefault()) {
            LOG.warn("ADMIN_API_KEY is not set: the admin API accepts the development key (see README). Set ADMIN_API_KEY for real use.");
        }
        if (config.channels().webhookSecret() == null) {
            LOG.warn("WEBHOOK_SECRET is not set: WhatsApp webhooks will be refused (401) until it is.");
        }
        return new SwitchboardServer(engine, app, resources);
    }

    public int port() {
        return app.port();
    }

    public Switchboard engine() {
        return engine;
    }

    /** The Javalin app, for tests that read its registered routes (the OpenAPI drift test). */
    Javalin javalin() {
        return app;
    }

    @Override
    public void close() {
        app.stop();
        engine.close();
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", r, e);
            }
        }
    }

    /** Mutable holder so callers can adjust engine settings before the engine is built. */
    public static final class EngineSettingsBuilder {
        private EngineSettings settings;
        private Duration eventsKeepAlive = Duration.ofSeconds(15);
        private Duration eventsPollInterval = Duration.ofMillis(500);

        EngineSettingsBuilder(EngineSettings settings) {
            this.settings = settings;
        }

        public EngineSettingsBuilder sendBackoff(Duration d) {
            settings = settings.withSendBackoff(d);
            return this;
        }

        public EngineSettingsBuilder modelTimeout(Duration d) {
            settings = settings.withModelTimeout(d);
            return this;
        }

        /** How long a live events stream may stay silent before a {@code : keep-alive} comment (default 15 s). */
        public EngineSettingsBuilder eventsKeepAlive(Duration d) {
            eventsKeepAlive = d;
            return this;
        }

        /** How often a node reads a tenant's event log while it has streams open (default 500 ms). */
        public EngineSettingsBuilder eventsPollInterval(Duration d) {
            eventsPollInterval = d;
            return this;
        }

        public EngineSettingsBuilder extractionInterval(Duration d) {
            settings = settings.withExtractionInterval(d);
            return this;
        }
    }
}
