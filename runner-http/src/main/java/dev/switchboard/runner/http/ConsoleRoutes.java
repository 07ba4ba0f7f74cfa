package dev.switchboard.runner.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator console at {@code /console}: static files from the jar ({@code console/} on the class
 * path), plain ES modules and one stylesheet, no build step. The console is only a client of the
 * public REST API; nothing here reads engine state. The page learns the API key header's name from a
 * meta tag, so {@code API_KEY_HEADER} needs no second setting.
 */
public final class ConsoleRoutes {
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** Scripts and styles only from this server; images also as data: URLs (the Evolution QR code) and from media links. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final Map<String, Optional<Asset>> CACHE = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String etag) {}

    private ConsoleRoutes() {}

    /** Serves GET /console (the page) and GET /console/{file} (its scripts and stylesheet). */
    public static void register(Javalin app, String apiKeyHeader) {
        String header = apiKeyHeader.replaceAll("[^A-Za-z0-9_-]", "");
        app.get("/console", ctx -> page(ctx, header));
        app.get("/console/", ctx -> ctx.redirect("/console"));
        app.get("/console/{file}", ConsoleRoutes::asset);
    }

    private static void page(Context ctx, String header) {
        Asset index = load("index.html").orElseThrow(() -> new IllegalStateException("console/index.html is missing from the jar"));
        String html = new String(index.bytes(), StandardCharsets.UTF_8).replace("{{API_KEY_HEADER}}", header);
        secure(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    private static void asset(Context ctx) {
        String name = ctx.pathParam("file");
        Optional<Asset> found = ASSET.matcher(name).matches() ? load(name) : Optional.empty();
        if (found.isEmpty()) {
            ctx.status(404).json(Map.of("error", "no console file " + name));
            return;
        }
        Asset a = found.get();
        secure(ctx);
        // revalidate every time: a new jar must never run against an old app.js; the ETag makes that a 304
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", a.etag());
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1))).result(a.bytes());
    }

    private static void secure(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CSP);
    }

    private static Optional<Asset> load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream("console/" + n)) {
                if (in == null) return Optional.empty();
                byte[] bytes = in.readAllBytes();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
                return Optional.of(new Asset(bytes, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
