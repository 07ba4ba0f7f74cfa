package dev.switchboard.runner.http;

import dev.switchboard.runner.common.ConfigException;
import dev.switchboard.runner.common.Logging;

/** {@code java -jar switchboard-http.jar}: configuration from the environment, see README. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Logging.init();
        ServerConfig config;
        try {
            config = ServerConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("Switchboard cannot start; fix the configuration:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        }
        SwitchboardServer server = SwitchboardServer.start(config);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
    }
}
