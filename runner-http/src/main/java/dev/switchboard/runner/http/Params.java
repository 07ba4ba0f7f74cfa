package dev.switchboard.runner.http;

import dev.switchboard.core.support.InvalidInputException;
import io.javalin.http.Context;

/** Path and query parameters of the admin API. */
final class Params {
    private Params() {}

    static String user(Context ctx) {
        return ctx.pathParam("user_id");
    }

    static int intParam(Context ctx, String name, int def) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return def;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0 || n > 10_000) throw new InvalidInputException(name, "must be between 0 and 10000");
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number");
        }
    }
}
