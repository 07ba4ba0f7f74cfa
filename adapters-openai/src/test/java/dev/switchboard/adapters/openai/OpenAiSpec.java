package dev.switchboard.adapters.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * OpenAI's official OpenAPI document ({@code shared/reference/openai-openapi.yaml}) as a validator of
 * the request bodies the adapter sends: {@code violations("CreateResponse", body)} checks a body
 * against {@code #/components/schemas/CreateResponse}, resolved against the whole document.
 */
final class OpenAiSpec {
    /** Where the validator finds the document; it is served from memory, never fetched. */
    private static final String DOCUMENT_IRI = "https://openai-spec.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Adds discriminator, example, externalDocs and xml; all but discriminator are annotations anyway. */
    private static final String OAS_BASE_VOCABULARY = "https://spec.openapis.org/oas/3.1/vocab/base";

    private static volatile OpenAiSpec instance;

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenAiSpec(JsonNode document) {
        this.document = document;
        String documentJson = document.toString();
        JsonMetaSchema dialect = openApi31WithDiscriminatorAsAnnotation();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_IRI, documentJson))));
    }

    static OpenAiSpec get() {
        if (instance == null) {
            synchronized (OpenAiSpec.class) {
                if (instance == null) instance = new OpenAiSpec(loadDocument());
            }
        }
        return instance;
    }

    List<String> violations(String componentSchema, JsonNode body) {
        JsonSchema schema = schemas.computeIfAbsent(componentSchema, name -> {
            JsonNode ref = JSON.createObjectNode().put("$ref", DOCUMENT_IRI + "#/components/schemas/" + name);
            return factory.getSchema(SchemaLocation.of("https://openai-spec.invalid/request/" + name + ".json"), ref);
        });
        return schema.validate(body).stream().map(ValidationMessage::toString).sorted().toList();
    }

    /**
     * The OpenAPI 3.1 dialect (JSON Schema 2020-12 plus OAS annotations) with {@code discriminator}
     * as the annotation OAS 3.1 says it is ("cannot change the validation result").
     *
     * <p>Why: networknt's OpenAPI-3-style discriminator check matches the discriminator value against
     * the name at the end of each alternative's {@code $ref} (the implicit mapping of OAS 3.0). OpenAI's
     * spec declares {@code discriminator: {propertyName: type}} without {@code mapping}, and its values
     * ({@code message}, {@code function}, {@code json_schema}…) are not schema names
     * ({@code EasyInputMessage}, {@code FunctionTool}…), so every valid body failed with "No alternative
     * could be chosen based on the discriminator property". The check cannot be switched off by
     * configuration: {@code JsonSchemaFactory.createValidationContext} forces it on whenever the dialect
     * has a {@code discriminator} keyword, and the OAS base vocabulary re-adds that keyword when the
     * dialect is built. So the vocabulary and the keyword are removed, and unknown keywords (this one, the
     * {@code x-oai…} extensions, the document's {@code openapi}/{@code paths}…) become plain annotations.
     * {@code oneOf}/{@code anyOf} are still fully evaluated.
     */
    private static JsonMetaSchema openApi31WithDiscriminatorAsAnnotation() {
        JsonMetaSchema oas31 = OpenApi31.getInstance();
        return JsonMetaSchema.builder(oas31.getIri(), oas31)
                .vocabularies(vocabularies -> vocabularies.remove(OAS_BASE_VOCABULARY))
                .keywords(keywords -> keywords.remove("discriminator"))
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
    }

    /** The component schema of an operation's JSON request body, e.g. {@code createResponse} → {@code CreateResponse}. */
    String requestSchemaOf(String operationId) {
        return componentName(operation(operationId).at("/requestBody/content/application~1json/schema/$ref"), operationId);
    }

    /** The component schema of an operation's 200 JSON answer, e.g. {@code createResponse} → {@code Response}. */
    String responseSchemaOf(String operationId) {
        return componentName(operation(operationId).at("/responses/200/content/application~1json/schema/$ref"), operationId);
    }

    private JsonNode operation(String operationId) {
        for (JsonNode pathItem : document.path("paths")) {
            for (JsonNode operation : pathItem) {
                if (operationId.equals(operation.path("operationId").asText())) return operation;
            }
        }
        throw new IllegalArgumentException("no operation " + operationId + " in the OpenAI spec");
    }

    private static String componentName(JsonNode ref, String operationId) {
        String prefix = "#/components/schemas/";
        if (!ref.isTextual() || !ref.asText().startsWith(prefix)) throw new IllegalStateException(operationId + " has no schema $ref");
        return ref.asText().substring(prefix.length());
    }

    /**
     * Top-level fields of {@code body} that the schema does not declare (through its {@code properties}
     * and {@code allOf}). OpenAI's request schemas allow unknown fields, so a misspelt one would pass
     * {@link #violations}; the API itself rejects it.
     */
    List<String> undeclaredFields(String componentSchema, JsonNode body) {
        Set<String> declared = new HashSet<>();
        collectProperties(document.path("components").path("schemas").path(componentSchema), declared);
        List<String> undeclared = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!declared.contains(f)) undeclared.add(f);
        });
        return undeclared;
    }

    private void collectProperties(JsonNode schema, Set<String> into) {
        JsonNode ref = schema.get("$ref");
        if (ref != null) collectProperties(document.at(ref.asText().substring(1)), into);
        schema.path("properties").fieldNames().forEachRemaining(into::add);
        for (JsonNode part : schema.path("allOf")) collectProperties(part, into);
    }

    private static JsonNode loadDocument() {
        String sharedDir = System.getProperty("shared.dir");
        if (sharedDir == null) throw new IllegalStateException("system property shared.dir is not set (surefire sets it to <repo>/../shared)");
        Path yaml = Path.of(sharedDir, "reference", "openai-openapi.yaml");
        if (!Files.isRegularFile(yaml)) throw new IllegalStateException("OpenAI spec not found at " + yaml.toAbsolutePath());
        // The spec is ~3 MB; SnakeYAML refuses documents over 3 MiB by default.
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        YAMLMapper yamlMapper = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
        try {
            return yamlMapper.readTree(yaml.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yaml, e);
        }
    }
}
