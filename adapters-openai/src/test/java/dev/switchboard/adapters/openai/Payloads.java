package dev.switchboard.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** OpenAI payloads under {@code src/test/resources/openai}, and request bodies WireMock recorded. */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    static String text(String name) {
        try (InputStream in = Payloads.class.getResourceAsStream("/openai/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test payload /openai/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        return parse(text(name));
    }

    static JsonNode body(LoggedRequest request) {
        return parse(request.getBodyAsString());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
