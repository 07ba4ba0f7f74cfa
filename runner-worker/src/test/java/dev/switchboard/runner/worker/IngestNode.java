package dev.switchboard.runner.worker;

import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import dev.switchboard.adapters.postgres.PostgresConfig;
import dev.switchboard.adapters.postgres.PostgresStores;
import dev.switchboard.adapters.redis.RedisAdapters;
import dev.switchboard.adapters.redis.RedisConfig;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudChannel;
import dev.switchboard.adapters.whatsapp.WhatsAppCloudConfig;
import dev.switchboard.core.channel.WebhookRequest;
import dev.switchboard.core.engine.IngestResult;
import dev.switchboard.core.engine.Switchboard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What runner-http does with REDIS_URL set, in the test's JVM: ingest webhooks into PostgreSQL and
 * enqueue on Redis, no workers. Also sets up tenants, numbers and agents through the engine's admin.
 */
final class IngestNode implements AutoCloseable {
    final PostgresStores postgres;
    final RedisAdapters redis;
    final Switchboard engine;

    IngestNode(String databaseUrl, RedisConfig redisConfig, String whatsappBaseUrl) {
        postgres = PostgresStores.start(PostgresConfig.fromUrl(databaseUrl, 10, Duration.ofSeconds(10)));
        redis = RedisAdapters.start(redisConfig);
        var whatsApp = new WhatsAppCloudChannel(WhatsAppCloudConfig.builder().apiBaseUrl(whatsappBaseUrl).appSecret(TestEnv.APP_SECRET).build());
        engine = Switchboard.create(c -> c.stores(postgres.stores()).journal(postgres.inboundJournal()).queue(redis.workQueue(Duration.ofMinutes(2)))
                .locks(redis.locks()).dedup(redis.dedup()).invalidations(redis.invalidations()).channel(whatsApp));
    }

    record Account(String tenantId, String phoneNumberId) {}

    /** A tenant with a WhatsApp number, its agent and credits. */
    Account tenantWithAgent(int debounceMs, long credits, Integer extractionIntervalMs) {
        String user = "usr_" + UUID.randomUUID().toString().substring(0, 8);
        String pn = "pn" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        engine.tenants().create(new CreateTenant(user, user + "@example.com", null, null));
        engine.channelAccounts().register(user, RegisterChannelAccount.of("whatsapp", pn, "EAAG-test").withExternalNumber("+15550783881"));
        engine.agents().create(user, CreateAgent.builder("Sales").accountId(pn).promptId("pmpt_test").debounceMs((long) debounceMs)
                .extractionIntervalMs(extractionIntervalMs == null ? null : extractionIntervalMs.longValue()).build());
        engine.credits().add(user, AddCredits.of(credits));
        return new Account(user, pn);
    }

    IngestResult receive(String body) {
        return engine.ingest().receive("whatsapp", "cloud", signed(body));
    }

    /** As runner-http with WEBHOOK_INGEST=deferred: verified and journaled; a worker stores its events. */
    IngestResult accept(String body) {
        return engine.deferredIngest().accept("whatsapp", "cloud", signed(body));
    }

    private static WebhookRequest signed(String body) {
        return new WebhookRequest(Map.of("X-Hub-Signature-256", List.of(TestEnv.sign(body))), Map.of(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        engine.close();
        redis.close();
        postgres.close();
    }
}
