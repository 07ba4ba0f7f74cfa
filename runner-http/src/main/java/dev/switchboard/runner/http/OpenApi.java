package dev.switchboard.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /openapi.json}, assembled once at start from {@code openapi/base.json} (info, servers,
 * security, shared components) and one fragment per route family, {@code openapi/paths/<family>.json}
 * ({@code {"paths": {...}, "components": {"schemas": {...}}}}), listed in {@code openapi/fragments.txt}.
 * Fragments merge per operation: two families may describe different methods of one path, but an
 * operation (or a schema, unless identical) named twice is an error, so they cannot silently
 * overwrite each other. Adding a family is adding its file and a line to {@code fragments.txt}; the
 * drift test ({@code OpenApiDriftTest}) checks the result against the routes the server registers.
 * {@code /docs} serves Swagger UI from the {@code org.webjars:swagger-ui} jar (no CDN), pointed at
 * {@code /openapi.json}.
 */
final class OpenApi {
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private OpenApi() {}

    /** @param apiKeyHeader API_KEY_HEADER: the header the document's API key scheme names */
    static void install(Javalin app, String apiKeyHeader) {
        ObjectNode doc = document();
        doc.withObject("/components").withObject("/securitySchemes").withObject("/ApiKey").put("name", apiKeyHeader);
        String document = doc.toString();
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
        String version = webjarVersion();
        app.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(INDEX));
        app.get("/docs/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (file.equals("swagger-initializer-switchboard.js")) {
                ctx.contentType("application/javascript").result(INITIALIZER);
                return;
            }
            if (!file.matches("[A-Za-z0-9._-]+") || file.startsWith(".")) {
                ctx.status(404);
                return;
            }
            InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(WEBJAR + version + "/" + file);
            if (in == null) {
                ctx.status(404);
                return;
            }
            ctx.contentType(file.endsWith(".js") ? "application/javascript" : file.endsWith(".css") ? "text/css"
                    : file.endsWith(".png") ? "image/png" : "application/octet-stream");
            ctx.header("Cache-Control", "public, max-age=86400");
            ctx.result(in);
        });
    }

    /** The merged document. */
    static ObjectNode document() {
        ObjectNode doc = (ObjectNode) read("openapi/base.json");
        ObjectNode paths = doc.withObject("/paths");
        ObjectNode schemas = doc.withObject("/components").withObject("/schemas");
        for (String line : text("openapi/fragments.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            JsonNode fragment = read("openapi/paths/" + name + ".json");
            for (Iterator<Map.Entry<String, JsonNode>> it = fragment.path("paths").fields(); it.hasNext(); ) {
                var path = it.next();
                merge(paths.withObject("/" + path.getKey().replace("~", "~0").replace("/", "~1")), path.getValue(), name,
                        "operation of " + path.getKey() + ":");
            }
            merge(schemas, fragment.path("components").path("schemas"), name, "schema");
        }
        return doc;
    }

    private static void merge(ObjectNode into, JsonNode from, String fragment, String what) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            var e = it.next();
            if (into.has(e.getKey())) {
                if (!what.startsWith("operation") && into.get(e.getKey()).equals(e.getValue())) continue;
                throw new IllegalStateException("OpenAPI fragment " + fragment + " names the " + what + " " + e.getKey() + " again");
            }
            into.set(e.getKey(), e.getValue());
        }
    }

    private static JsonNode read(String resource) {
        try {
            return HttpApi.JSON.readTree(text(resource));
        } catch (IOException e) {
            throw new IllegalStateException("OpenAPI resource " + resource + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(String resource) {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing OpenAPI resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        try (InputStream in = OpenApi.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui webjar is not on the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String INITIALIZER =
            "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});\n";

    private static final String INDEX = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Switchboard API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script src="/docs/swagger-initializer-switchboard.js"></script>
            </body>
            </html>
            """;
}
