package dev.switchboard.adapters.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request body schema of Meta's {@code sendMessage} operation ({@code POST /{Version}/{Phone-Number-ID}/messages}),
 * read from Meta's official OpenAPI 3.1 document and checked with JSON Schema 2020-12.
 *
 * <p>One correction is applied to the document. Its message types are written as
 * {@code allOf: [BaseMessageProperties, {additionalProperties: false, properties: {type, text}}]}.
 * Under JSON Schema, {@code additionalProperties} only sees its own object's {@code properties}, so
 * the second branch would forbid {@code messaging_product}, {@code to} and every other base field:
 * no real message, Meta's own examples included, would validate. The evident intent, "no fields
 * beyond the base ones and these", is what 2020-12 spells {@code unevaluatedProperties: false} on the
 * composed schema; {@link #closeComposedObjects} moves the keyword there. {@link #raw()} keeps the
 * document as published, so a test can show the correction is needed.
 */
final class MetaSendSpec {
    static final String FILE = "meta-business-messaging-api_v23.0.yaml";
    private static final String BASE = "https://spec.switchboard.test/meta-business-messaging-api.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MetaSendSpec corrected;
    private static MetaSendSpec raw;

    private final JsonNode document;
    private final JsonSchema requestSchema;

    private MetaSendSpec(JsonNode document) {
        this.document = document;
        String ref = sendMessage(document).path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText();
        if (!ref.startsWith("#/")) throw new IllegalStateException("sendMessage request schema is not a local $ref: " + ref);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, document.toString()))));
        ObjectNode wrapper = JSON.createObjectNode()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$ref", BASE + ref);
        this.requestSchema = factory.getSchema(SchemaLocation.of(BASE + "#request"), wrapper);
    }

    static synchronized MetaSendSpec corrected() {
        if (corrected == null) {
            JsonNode document = load();
            closeComposedObjects(document);
            corrected = new MetaSendSpec(document);
        }
        return corrected;
    }

    static synchronized MetaSendSpec raw() {
        if (raw == null) raw = new MetaSendSpec(load());
        return raw;
    }

    Set<ValidationMessage> violations(JsonNode body) {
        return requestSchema.validate(body);
    }

    Set<ValidationMessage> violations(String body) {
        try {
            return violations(JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Meta's named request examples for sendMessage, by name. */
    Map<String, JsonNode> examples() {
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        sendMessage(document).path("requestBody").path("content").path("application/json").path("examples")
                .properties().forEach(e -> examples.put(e.getKey(), e.getValue().path("value")));
        return examples;
    }

    private static JsonNode sendMessage(JsonNode document) {
        for (JsonNode path : document.path("paths")) {
            for (JsonNode operation : path) {
                if ("sendMessage".equals(operation.path("operationId").asText())) return operation;
            }
        }
        throw new IllegalStateException("operation sendMessage not found in " + FILE);
    }

    private static void closeComposedObjects(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode allOf = object.get("allOf");
            if (allOf != null && allOf.isArray()) {
                for (JsonNode branch : allOf) {
                    JsonNode additional = branch.get("additionalProperties");
                    if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                        ((ObjectNode) branch).remove("additionalProperties");
                        object.put("unevaluatedProperties", false);
                    }
                }
            }
        }
        node.forEach(MetaSendSpec::closeComposedObjects);
    }

    private static JsonNode load() {
        Path file = locate();
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code -Dshared.dir} as the build passes it, else {@code shared/} beside the checkout or one of its parents. */
    private static Path locate() {
        for (String candidate : List.of(System.getProperty("shared.dir", "../../shared"), "../../shared", "../shared")) {
            Path file = Path.of(candidate, "reference", FILE);
            if (Files.isRegularFile(file)) return file;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("shared").resolve("reference").resolve(FILE);
            if (Files.isRegularFile(file)) return file;
        }
        throw new IllegalStateException("Meta's OpenAPI spec " + FILE + " not found: pass -Dshared.dir=<path to shared/>");
    }
}
