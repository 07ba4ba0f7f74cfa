package dev.switchboard.runner.worker;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes core's java.util.logging records to SLF4J, as runner-http does, so the worker logs through
 * one backend. LOG_LEVEL sets the level (error, warn, info, debug).
 */
final class Logging {
    private Logging() {}

    static void init() {
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
