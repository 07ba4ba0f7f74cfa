package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A JVM the bench starts from its own class path (server, worker, reference app), with its RSS. */
final class Proc implements AutoCloseable {
    private final String name;
    private final Process process;

    private Proc(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code mainClass} with {@code env}, its output in {@code logs/<name>.log}, and waits for {@code health} to answer 200. */
    static Proc start(String name, String mainClass, Map<String, String> env, Path logs, String health) throws Exception {
        Files.createDirectories(logs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>();
        // bench.workerNice: the worker process's nice value (0 = the servers' priority); see README "Benchmark"
        int nice = Integer.getInteger("bench.workerNice", 10);
        if (nice != 0 && name.equals("switchboard-worker") && new File("/usr/bin/nice").canExecute()) {
            cmd.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(nice)));
        }
        cmd.addAll(List.of(java, "-Dbench.child=" + name));
        // bench.jvmArgs: extra flags for the measured processes, e.g. a JFR recording per process
        for (String a : System.getProperty("bench.jvmArgs", "").trim().split("\\s+")) {
            if (!a.isEmpty()) cmd.add(a.replace("{name}", name));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        File log = logs.resolve(name + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        Proc p = new Proc(name, pb.start());
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            if (!p.process.isAlive()) throw new IllegalStateException(name + " exited with " + p.process.exitValue() + "; see " + log);
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return p;
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                p.close();
                throw new IllegalStateException(name + " did not become healthy within 90 s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size in MB, from /proc (0 where there is no /proc). */
    long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    @Override
    public String toString() {
        return name;
    }
}
