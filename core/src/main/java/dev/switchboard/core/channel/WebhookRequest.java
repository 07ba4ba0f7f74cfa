package dev.switchboard.core.channel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inbound HTTP request as a channel sees it. {@code body} holds the exact bytes received:
 * signatures are computed over them, never over re-serialised JSON. {@code pathParams} holds the
 * values of the route's path parameters ({@code {account_id}} in {@link WebhookRoute#path()}).
 */
public record WebhookRequest(Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body,
        Map<String, String> pathParams) {

    /** A request with no path parameters. */
    public WebhookRequest(Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body) {
        this(headers, query, body, Map.of());
    }

    public WebhookRequest {
        pathParams = pathParams == null ? Map.of() : Map.copyOf(pathParams);
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = h;
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    public static WebhookRequest of(Map<String, String> headers, byte[] body) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return new WebhookRequest(h, Map.of(), body);
    }

    /** First value of a header, case-insensitively; null if absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null) values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** First value of a query parameter; null if absent. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A path parameter's value; null if the route has none of that name. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
