package dev.switchboard.runner.http;

import dev.switchboard.adapters.instagram.InstagramChannel;
import dev.switchboard.adapters.instagram.InstagramConfig;
import dev.switchboard.adapters.openai.ApiMode;
import dev.switchboard.adapters.openai.OpenAiConfig;
import dev.switchboard.adapters.openai.OpenAiModel;
import dev.switchboard.adapters.openai.OpenAiModels;
import dev.switchboard.adapters.whatsapp.EvolutionChannel;
import dev.switchboard.adapters.whatsapp.EvolutionConfig;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudChannel;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudConfig;
import dev.switchboard.core.domain.Secret;
import dev.switchboard.core.engine.EngineSettings;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.media.FileMediaStore;
import dev.switchboard.core.model.ModelRouter;
import dev.switchboard.core.model.OfflineModel;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled server: wires the engine from a {@link ServerConfig} and serves it over HTTP. In the
 * embedded default (no DATABASE_URL) everything lives in memory and the worker runs in-process.
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
                .withModelTimeout(config.openAiTimeout().multipliedBy(config.openAiMaxRetries() + 1L).plusSeconds(5)));
        tune.accept(settings);

        var whatsApp = new WhatsAppCloudChannel(WhatsAppCloudConfig.builder()
                .apiBaseUrl(config.whatsappApiBaseUrl())
                .appSecret(config.webhookSecret())
                .verifyToken(config.webhookVerifyToken())
                .pacing(config.whatsappMessagesPerSecond(), config.whatsappPairInterval())
                .build());
        var evolution = new EvolutionChannel(EvolutionConfig.builder().defaultServerUrl(config.evolutionApiUrl()).build());
        var instagram = new InstagramChannel(InstagramConfig.builder()
                .apiBaseUrl(config.instagramApiBaseUrl())
                .appSecret(config.instagramAppSecret() != null ? config.instagramAppSecret() : config.webhookSecret())
                .verifyToken(config.webhookVerifyToken())
                .appId(config.instagramAppId())
                .build());

        Switchboard engine = Switchboard.create(c -> {
            c.channel(whatsApp).channel(evolution).channel(instagram).settings(settings.settings);
            if (config.mediaMaxBytes() > 0) {
                c.media(new FileMediaStore(java.nio.file.Path.of(config.mediaDir())), config.mediaMaxBytes());
            }
            Storage.configure(config, c, probes, resources);
            if (config.openAiConfigured()) {
                ModelRouter model = openAiModels(config);
                c.model(model).extractor(model);
            } else {
                c.model(new OfflineModel());
            }
        });
        if (config.embeddedWorker()) engine.startWorkers(config.workerConcurrency());

        Javalin app = HttpApi.create(engine, config, probes);
        app.start(config.apiPort());
        LOG.info("Switchboard listening on port {} ({} storage, model: {}, workers: {})", app.port(),
                config.databaseUrl() == null ? "in-memory" : "PostgreSQL",
                config.openAiConfigured() ? "OpenAI " + config.openAiApi() : "offline",
                config.embeddedWorker() ? config.workerConcurrency() : 0);
        if (config.adminKeyIsDevDefault()) {
            LOG.warn("ADMIN_API_KEY is not set: the admin API accepts the development key (see README). Set ADMIN_API_KEY for real use.");
        }
        if (config.webhookSecret() == null) {
            LOG.warn("WEBHOOK_SECRET is not set: WhatsApp webhooks will be refused (401) until it is.");
        }
        return new SwitchboardServer(engine, app, resources);
    }

    /** One model per API mode, so each agent may pick its own with its {@code api} setting. */
    private static ModelRouter openAiModels(ServerConfig config) {
        Map<String, OpenAiModel> byApi = new HashMap<>();
        for (ApiMode mode : ApiMode.values()) {
            byApi.put(mode.wire(), OpenAiModels.create(OpenAiConfig.builder()
                    .baseUrl(config.openAiBaseUrl() != null ? config.openAiBaseUrl() : OpenAiConfig.DEFAULT_BASE_URL)
                    .apiKey(Secret.of(config.openAiApiKey()))
                    .timeout(config.openAiTimeout())
                    .maxRetries(config.openAiMaxRetries())
                    .defaultModel(config.openAiModel())
                    .apiMode(mode)
                    .build()));
        }
        return new ModelRouter(byApi, byApi.get(ApiMode.parse(config.openAiApi()).wire()));
    }

    public int port() {
        return app.port();
    }

    public Switchboard engine() {
        return engine;
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

        public EngineSettingsBuilder extractionInterval(Duration d) {
            settings = settings.withExtractionInterval(d);
            return this;
        }
    }
}
