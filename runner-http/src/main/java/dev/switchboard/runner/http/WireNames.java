package dev.switchboard.runner.http;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Core names a field the Java way ({@code externalNumber}, {@code template.bodyParameters}); the
 * REST API names it as seed 001 does ({@code external_number}, {@code template.body_parameters}).
 * Names already in snake_case pass through unchanged.
 */
final class WireNames {
    private static final Map<String, String> RENAMED = Map.of("tenantId", "user_id", "accountId", "phone_number_id");
    private static final Pattern HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private WireNames() {}

    static String of(String field) {
        if (field == null) return null;
        StringBuilder out = new StringBuilder();
        for (String segment : field.split("\\.", -1)) {
            if (!out.isEmpty()) out.append('.');
            String renamed = RENAMED.get(segment);
            out.append(renamed != null ? renamed : HUMP.matcher(segment).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
