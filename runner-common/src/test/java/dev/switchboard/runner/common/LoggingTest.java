package dev.switchboard.runner.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Logging is set up once per process, so each case runs {@link Demo} in a JVM of its own. */
class LoggingTest {

    /** What a runner does at start, then a line through SLF4J and one through core's java.util.logging. */
    public static final class Demo {
        public static void main(String[] args) {
            Logging.init();
            org.slf4j.LoggerFactory.getLogger("dev.switchboard.demo").info("listening on port {}", 8080);
            java.util.logging.Logger.getLogger("dev.switchboard.core.demo").warning("a core warning");
            org.slf4j.LoggerFactory.getLogger("dev.switchboard.demo").debug("not shown at info");
        }
    }

    private record Output(String stdout, String stderr) {}

    private static Output run(Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        File out = File.createTempFile("logging-out", ".txt"), err = File.createTempFile("logging-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Demo.class.getName())
                .redirectOutput(out).redirectError(err);
        pb.environment().remove("LOG_FORMAT");
        pb.environment().remove("LOG_LEVEL");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Output(Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void json_format_writes_one_json_object_per_line_with_level_logger_and_message() throws Exception {
        Output o = run(Map.of("LOG_FORMAT", "json"));
        List<JsonNode> lines = o.stdout().lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return new ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(0).get("loggerName").asText()).isEqualTo("dev.switchboard.demo");
        assertThat(lines.get(0).get("formattedMessage").asText()).isEqualTo("listening on port 8080");
        assertThat(lines.get(1).get("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(1).get("formattedMessage").asText()).isEqualTo("a core warning");
        assertThat(o.stderr()).as("no warning about two SLF4J backends").doesNotContain("SLF4J");
    }

    @Test
    void text_is_the_default_and_log_level_filters() throws Exception {
        Output o = run(Map.of("LOG_LEVEL", "warn"));
        assertThat(o.stdout()).isEmpty();
        assertThat(o.stderr()).contains("WARN").contains("a core warning").doesNotContain("listening on port")
                .doesNotContain("SLF4J");
    }

    @Test
    void unknown_values_are_configuration_problems() {
        Env env = new Env(Map.of("LOG_FORMAT", "xml", "LOG_LEVEL", "loud"));
        Logging.check(env);
        try {
            env.check();
            throw new AssertionError("expected problems");
        } catch (ConfigException e) {
            assertThat(e.problems()).containsExactly("LOG_LEVEL must be error, warn, info or debug, was 'loud'",
                    "LOG_FORMAT must be text or json, was 'xml'");
        }
    }
}
