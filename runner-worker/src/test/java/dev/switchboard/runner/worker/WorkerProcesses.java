package dev.switchboard.runner.worker;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** switchboard-worker.jar started as real processes, each logging to target/worker-it/<name>.log. */
final class WorkerProcesses implements AutoCloseable {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Worker> started = new ArrayList<>();

    record Worker(String name, Process process, int port) {}

    Worker start(String name, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path logs = Path.of("target", "worker-it");
        Files.createDirectories(logs);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", System.getProperty("worker.jar", "target/switchboard-worker.jar"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(new File(logs.toFile(), name + ".log")));
        pb.environment().putAll(env);
        pb.environment().put("WORKER_PORT", Integer.toString(port));
        Worker w = new Worker(name, pb.start(), port);
        started.add(w);
        TestEnv.await(name + " healthy", Duration.ofSeconds(60), () -> {
            if (!w.process().isAlive()) throw new AssertionError(name + " exited with " + w.process().exitValue() + "; see " + logs);
            return get(w, "/health") == 200;
        });
        return w;
    }

    private int get(Worker w, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + w.port() + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    String metrics(Worker w) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + w.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** SIGKILL: no shutdown hook, no goodbye. */
    void kill(Worker w) throws InterruptedException {
        w.process().destroyForcibly();
        w.process().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook finishes turns in flight. @return the exit code */
    int terminate(Worker w) throws InterruptedException {
        w.process().destroy();
        if (!w.process().waitFor(30, TimeUnit.SECONDS)) throw new AssertionError(w.name() + " did not stop within 30 s of SIGTERM");
        return w.process().exitValue();
    }

    @Override
    public void close() {
        for (Worker w : started) w.process().destroyForcibly();
    }
}
