package dev.switchboard.runner.worker;

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
        } catch (WorkerConfig.ConfigException e) {
            System.err.println("Switchboard worker cannot start; fix the configuration:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        }
        SwitchboardWorker worker = SwitchboardWorker.start(config);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("switchboard-worker-shutdown").unstarted(worker::close));
    }
}
