package dev.switchboard.runner.common;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes core's java.util.logging records (core has no logging dependency) to SLF4J, so a runner
 * logs through one backend. LOG_LEVEL sets the level (error, warn, info, debug).
 */
public final class Logging {
    private Logging() {}

    public static void init() {
        String level = System.getenv().getOrDefault("LOG_LEVEL", "info").toLowerCase();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(switch (level) {
            case "debug", "trace" -> java.util.logging.Level.FINE;
            case "warn" -> java.util.logging.Level.WARNING;
            case "error" -> java.util.logging.Level.SEVERE;
            default -> java.util.logging.Level.INFO;
        });
    }
}
