package dev.switchboard.runner.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up a runner's logging before anything logs. Core logs through java.util.logging (it has no
 * logging dependency); its records are routed to SLF4J, so a runner logs through one backend.
 *
 * <ul>
 *   <li>LOG_LEVEL: error, warn, info (default), debug.
 *   <li>LOG_FORMAT: {@code text} (default: slf4j-simple, one line per event on stderr) or {@code json}
 *       (Logback's JsonEncoder, one JSON object per line on stdout, for log shippers).
 * </ul>
 * The backend is named to SLF4J explicitly ({@code slf4j.provider}), as both are on the class path.
 */
public final class Logging {
    /** Libraries whose INFO lines say nothing an operator needs. */
    private static final String[] QUIET = {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb"};

    private Logging() {}

    public static void init() {
        init(System.getenv());
    }

    static void init(Map<String, String> env) {
        String level = level(env);
        // SLF4J would announce on every start that it loads the provider named below
        System.setProperty("slf4j.internal.verbosity", "WARN");
        if ("json".equals(format(env))) {
            System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
            json(level);
        } else {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
            for (String quiet : QUIET) System.setProperty("org.slf4j.simpleLogger.log." + quiet, "warn");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(switch (level) {
            case "debug", "trace" -> java.util.logging.Level.FINE;
            case "warn" -> java.util.logging.Level.WARNING;
            case "error" -> java.util.logging.Level.SEVERE;
            default -> java.util.logging.Level.INFO;
        });
    }

    /** Adds a problem for a LOG_LEVEL or LOG_FORMAT the runner does not know (it then logs at info, as text). */
    public static void check(Env env) {
        String level = env.string("LOG_LEVEL", "info").toLowerCase(Locale.ROOT);
        if (!level.matches("error|warn|info|debug|trace")) env.problem("LOG_LEVEL must be error, warn, info or debug, was '" + level + "'");
        String format = env.string("LOG_FORMAT", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) env.problem("LOG_FORMAT must be text or json, was '" + format + "'");
    }

    private static String level(Map<String, String> env) {
        String v = env.getOrDefault("LOG_LEVEL", "info").trim().toLowerCase(Locale.ROOT);
        return v.matches("error|warn|info|debug|trace") ? v : "info";
    }

    private static String format(Map<String, String> env) {
        return env.getOrDefault("LOG_FORMAT", "text").trim().toLowerCase(Locale.ROOT);
    }

    private static void json(String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("json");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        root.setLevel(Level.toLevel(level, Level.INFO));
        for (String quiet : QUIET) context.getLogger(quiet).setLevel(Level.WARN);
    }
}
