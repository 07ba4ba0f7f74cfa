package dev.switchboard.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} cannot drift from the server: it parses as OpenAPI 3 with no errors, and its
 * operations are exactly the routes Javalin registered (method and path template), but for the
 * routes that serve pages and static files rather than the API, listed once in {@link #NOT_API}.
 */
class OpenApiDriftTest {
    /**
     * Routes that are deliberately not in the document: HTML pages and the files they load, not part
     * of the JSON API. Anything else the server registers must be described.
     */
    private static final Set<String> NOT_API = Set.of(
            "GET /",                     // the try-it page with the demo web chat
            "GET /webchat/widget.js",    // the widget script sites embed
            "GET /console",              // the operator console (a client of the API) and its files
            "GET /console/",
            "GET /console/{file}",
            "GET /docs",                 // Swagger UI and its files from the webjar
            "GET /docs/{file}");

    /** Endpoint methods (Javalin's before/after handlers and error pages are not routes). */
    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE, HandlerType.OPTIONS);

    private static ServerFixture f;

    @BeforeAll
    static void start() {
        f = new ServerFixture(Map.of("API_KEY_HEADER", "x-switchboard-key"), s -> {});
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static String document() {
        var r = f.send("GET", "/openapi.json", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return r.body();
    }

    @Test
    void the_document_parses_as_openapi_3_with_no_errors_and_resolves_every_reference() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes().get("ApiKey").getName())
                .as("the API key scheme names API_KEY_HEADER").isEqualTo("x-switchboard-key");
    }

    @Test
    void the_documented_operations_are_exactly_the_registered_routes() {
        Set<String> registered = new TreeSet<>();
        for (var e : f.server.javalin().unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            if (METHODS.contains(e.getEndpoint().getMethod())) registered.add(e.getEndpoint().getMethod() + " " + e.getEndpoint().getPath());
        }
        assertThat(registered).as("the exclusions name real routes").containsAll(NOT_API);
        registered.removeAll(NOT_API);

        Set<String> documented = new TreeSet<>();
        JsonNode paths = Json.read(document()).get("paths");
        paths.properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(HandlerType.valueOf(op.getKey().toUpperCase(Locale.ROOT)))) {
                documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(registered);
        assertThat(undocumented).as("routes the server registers but /openapi.json does not describe").isEmpty();
        assertThat(notServed).as("operations /openapi.json describes but the server does not register").isEmpty();
    }

    @Test
    void every_operation_has_a_summary_and_responses_and_names_its_path_parameters() {
        JsonNode paths = Json.read(document()).get("paths");
        JsonNode components = Json.read(document()).at("/components/parameters");
        paths.properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String where = op.getKey() + " " + path.getKey();
            assertThat(op.getValue().path("summary").asText()).as(where + " summary").isNotBlank();
            assertThat(op.getValue().path("responses").size()).as(where + " responses").isPositive();
            Set<String> named = new TreeSet<>();
            op.getValue().path("parameters").forEach(p -> {
                JsonNode param = p.has("$ref") ? components.get(p.get("$ref").asText().replace("#/components/parameters/", "")) : p;
                if ("path".equals(param.path("in").asText())) named.add(param.get("name").asText());
            });
            Set<String> inTemplate = new TreeSet<>();
            var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) inTemplate.add(m.group(1));
            assertThat(named).as(where + " path parameters").isEqualTo(inTemplate);
        }));
    }

    @Test
    void swagger_ui_is_served_from_the_jar_and_points_at_the_document() {
        var page = f.send("GET", "/docs", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/docs/swagger-ui-bundle.js").doesNotContain("https://");
        var bundle = f.send("GET", "/docs/swagger-ui-bundle.js", null, Map.of());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(f.send("GET", "/docs/swagger-initializer-switchboard.js", null, Map.of()).body()).contains("'/openapi.json'");
        assertThat(f.send("GET", "/docs/..%2Fpom.properties", null, Map.of()).statusCode()).isEqualTo(404);
    }
}
