package dev.switchboard.adapters.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.channel.SendResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Graph error envelope (contracts 1.8 and 2.4) read once for both Meta channels. */
class GraphErrorsTest {
    /** Contracts 1.8, verbatim. */
    private static final String THROUGHPUT = """
            { "error": { "message": "(#130429) Rate limit hit", "type": "OAuthException", "code": 130429,
                         "error_data": { "messaging_product": "whatsapp", "details": "Cloud API message throughput has been reached." },
                         "error_subcode": 2494055, "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam" } }""";
    /** Contracts 2.4's envelope, for a send outside Instagram's window. */
    private static final String OUTSIDE_WINDOW = """
            {"error":{"message":"This message is sent outside of allowed window.","type":"IGApiException","code":10,
                      "error_subcode":2534022,"fbtrace_id":"AbC123"}}""";

    /** A small table: 130429 slows down, 2 is transient, 10 needs a fix; the message is Meta's, or the status. */
    private static final GraphErrors ERRORS = new GraphErrors(Map.of(130429, Duration.ofSeconds(1)), Set.of(2),
            code -> code == 10, (error, status) -> error.message() != null ? error.message() : "HTTP " + status);

    @Test
    void parses_every_field_of_the_envelope() {
        GraphError error = GraphError.parse(THROUGHPUT);
        assertThat(error.code()).isEqualTo("130429");
        assertThat(error.numericCode()).isEqualTo(130429);
        assertThat(error.message()).isEqualTo("(#130429) Rate limit hit");
        assertThat(error.type()).isEqualTo("OAuthException");
        assertThat(error.subcode()).isEqualTo("2494055");
        assertThat(error.details()).isEqualTo("Cloud API message throughput has been reached.");
        assertThat(error.fbtraceId()).isEqualTo("Az8or2yhqkZfEZ-_4Qn_Bam");
        assertThat(error.transientFlag()).isFalse();
    }

    @Test
    void a_body_without_an_envelope_reads_as_all_null() {
        for (String body : new String[] {null, "", "  ", "<html>Bad Gateway</html>", "[]", "null", "{\"error\":\"x\"}"}) {
            GraphError error = GraphError.parse(body);
            assertThat(error.code()).as(body).isNull();
            assertThat(error.numericCode()).as(body).isNull();
            assertThat(error.message()).as(body).isNull();
        }
    }

    @Test
    void the_code_table_decides_before_the_status() {
        assertThat(ERRORS.fromResponse(400, THROUGHPUT, null))
                .isEqualTo(new SendResult.RateLimited(Duration.ofSeconds(1), "130429", "(#130429) Rate limit hit"));
        // a permanent code stays permanent even when Meta sends it with a 500
        assertThat(ERRORS.fromResponse(500, OUTSIDE_WINDOW, null))
                .isEqualTo(new SendResult.Permanent("10", "This message is sent outside of allowed window."));
        assertThat(ERRORS.fromResponse(400, "{\"error\":{\"code\":2,\"message\":\"Service temporarily unavailable\"}}", null))
                .isEqualTo(new SendResult.Retryable("2", "Service temporarily unavailable"));
    }

    @Test
    void retry_after_overrides_the_tables_wait() {
        assertThat(ERRORS.fromResponse(429, THROUGHPUT, "7"))
                .isEqualTo(new SendResult.RateLimited(Duration.ofSeconds(7), "130429", "(#130429) Rate limit hit"));
    }

    @Test
    void an_unknown_code_marked_transient_is_retried() {
        assertThat(ERRORS.fromResponse(400, "{\"error\":{\"code\":999,\"message\":\"m\",\"is_transient\":true}}", null))
                .isEqualTo(new SendResult.Retryable("999", "m"));
    }

    @Test
    void an_unknown_code_falls_back_to_the_status_and_keeps_metas_code() {
        String unknown = "{\"error\":{\"code\":999,\"message\":\"m\"}}";
        assertThat(ERRORS.fromResponse(429, unknown, null)).isEqualTo(new SendResult.RateLimited(null, "999", "m"));
        assertThat(ERRORS.fromResponse(503, unknown, null)).isEqualTo(new SendResult.Retryable("999", "m"));
        assertThat(ERRORS.fromResponse(408, unknown, null)).isEqualTo(new SendResult.Retryable("999", "m"));
        assertThat(ERRORS.fromResponse(400, unknown, null)).isEqualTo(new SendResult.Permanent("999", "m"));
    }

    @Test
    void without_an_envelope_the_status_names_the_failure() {
        assertThat(ERRORS.fromResponse(502, "<html>Bad Gateway</html>", null)).isEqualTo(new SendResult.Retryable("http_502", "HTTP 502"));
        assertThat(ERRORS.fromResponse(404, "", null)).isEqualTo(new SendResult.Permanent("http_404", "HTTP 404"));
        assertThat(ERRORS.fromResponse(429, null, "3")).isEqualTo(new SendResult.RateLimited(Duration.ofSeconds(3), "http_429", "HTTP 429"));
    }

    @Test
    void no_answer_at_all_is_retryable() {
        IOException timeout = new SocketTimeoutException("timeout");
        assertThat(GraphErrors.fromIoFailure(timeout)).isEqualTo(new SendResult.Retryable("io", "SocketTimeoutException: timeout"));
    }
}
