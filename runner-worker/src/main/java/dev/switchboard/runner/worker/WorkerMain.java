package dev.switchboard.runner.worker;

import dev.switchboard.runner.common.ConfigException;
import dev.switchboard.runner.common.Logging;

/**
 * {@code java -jar switchboard-worker.jar}: configuration from the environment (DATABASE_URL and
 * REDIS_URL required, see {@link WorkerConfig}). SIGTERM stops taking work and waits up to
 * WORKER_SHUTDOWN_GRACE for turns in flight.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) {
        Logging.init();
        WorkerConfig config;
        try {
            config = WorkerConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("Switchboard worker cannot start; fix the configuration:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        }
        SwitchboardWorker worker;
        try {
            worker = SwitchboardWorker.start(config);
        } catch (RuntimeException e) {
            System.err.println("Switchboard worker cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("switchboard-worker-shutdown").unstarted(worker::close));
    }
}
