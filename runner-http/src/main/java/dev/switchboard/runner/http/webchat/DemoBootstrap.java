package dev.switchboard.runner.http.webchat;

import dev.switchboard.core.engine.Switchboard;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEMO: so that {@code java -jar switchboard-http.jar} and a browser are all a newcomer needs, a
 * fresh server creates tenant {@value #TENANT} with web chat widget {@value #WIDGET} and an agent with
 * 1,000 credits; the page at {@code /} talks to it. Nothing is created when the demo tenant exists
 * already (a restart on the same PostgreSQL) or when widget {@value #WIDGET} belongs to someone else.
 */
public final class DemoBootstrap {
    public static final String TENANT = "demo";
    public static final String WIDGET = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoBootstrap.class);

    private DemoBootstrap() {}

    /** @param modelName how the log names the model the demo agent answers with */
    public static void run(Switchboard engine, boolean enabled, String modelName) {
        if (!enabled) return;
        var stores = engine.stores();
        if (stores.tenants().find(TENANT).isPresent()) {
            LOG.info("Demo tenant '{}' exists already: / is a public demo chat with its agent", TENANT);
            return;
        }
        if (stores.accounts().find(WIDGET).isPresent()) {
            LOG.info("DEMO: widget '{}' is taken by another tenant; no demo created", WIDGET);
            return;
        }
        var admin = engine.admin();
        admin.createTenant(Map.of("user_id", TENANT, "email", "demo@switchboard.invalid", "company_name", "Switchboard demo"));
        admin.addAccount(TENANT, Map.of("type", "webchat", "phone_number_id", WIDGET, "display_name", "Switchboard demo",
                "allowed_origins", List.of()));
        admin.createAgent(TENANT, Map.of("name", "Demo assistant", "phone_number_id", WIDGET, "debounce_ms", 400,
                "instructions", "You are the friendly demo assistant of Switchboard, a service that connects AI agents to "
                        + "WhatsApp, Instagram and web chat. Answer briefly.",
                "greeting", "Hi! I'm the Switchboard demo assistant. Ask me anything."));
        admin.addCredits(TENANT, Map.of("amount", 1000));
        LOG.info("DEMO: created tenant '{}' with web chat widget '{}' and an agent with 1000 credits ({} model). "
                + "The page at / is a PUBLIC demo chat with it; set DEMO=false to turn this off.", TENANT, WIDGET, modelName);
    }
}
