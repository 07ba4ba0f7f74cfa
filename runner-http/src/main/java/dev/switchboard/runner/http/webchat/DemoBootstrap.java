package dev.switchboard.runner.http.webchat;

import dev.switchboard.adapters.webchat.Origins;
import dev.switchboard.adapters.webchat.WebchatChannel;
import dev.switchboard.core.engine.Switchboard;
import dev.switchboard.core.usecase.AddCredits;
import dev.switchboard.core.usecase.CreateAgent;
import dev.switchboard.core.usecase.CreateTenant;
import dev.switchboard.core.usecase.RegisterChannelAccount;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEMO: so that {@code java -jar switchboard-http.jar} and a browser are all a newcomer needs, a
 * server whose store holds no tenant creates tenant {@value #TENANT} with web chat widget
 * {@value #WIDGET} and an agent with 1,000 credits; the page at {@code /} talks to it. A store that
 * has tenants (a restart, or a deployment in use) gets nothing new.
 */
public final class DemoBootstrap {
    public static final String TENANT = "demo";
    public static final String WIDGET = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoBootstrap.class);

    private DemoBootstrap() {}

    /** @param modelName how the log names the model the demo agent answers with */
    public static void run(Switchboard engine, boolean enabled, String modelName) {
        if (!enabled) return;
        if (engine.tenants().any()) {
            if (LandingPage.demoRuns(engine)) {
                LOG.info("Demo tenant '{}' exists already: / is a PUBLIC demo chat with its agent (DEMO=false turns it off)", TENANT);
            } else {
                LOG.info("DEMO: the store has tenants already; no demo created");
            }
            return;
        }
        var tenant = engine.tenants().create(new CreateTenant(TENANT, "demo@switchboard.invalid", "Switchboard demo", null));
        engine.channelAccounts().register(tenant.id(), new RegisterChannelAccount(WebchatChannel.CHANNEL, WebchatChannel.PROVIDER,
                WIDGET, null, null, "Switchboard demo", Map.of(Origins.SETTING, "")));
        engine.agents().create(tenant.id(), CreateAgent.builder("Demo assistant").accountId(WIDGET).debounceMs(400L)
                .instructions("You are the friendly demo assistant of Switchboard, a service that connects AI agents to "
                        + "WhatsApp, Instagram and web chat. Answer briefly.")
                .greeting("Hi! I'm the Switchboard demo assistant. Ask me anything.").build());
        engine.credits().add(tenant.id(), AddCredits.of(1000));
        LOG.info("DEMO: created tenant '{}' with web chat widget '{}' and an agent with 1000 credits ({} model). "
                + "The page at / is a PUBLIC demo chat with it; set DEMO=false to turn this off.", tenant.id(), WIDGET, modelName);
    }
}
