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

    /** A page size between 1 and {@code max}; absent is {@code def}. */
    static int limit(Context ctx, int def, int max) {
        String v = ctx.queryParam("limit");
        if (v == null || v.isBlank()) return def;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1 || n > max) throw new InvalidInputException("limit", "must be between 1 and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("limit", "must be a whole number");
        }
    }

    /** A non-negative whole number, or null when absent. */
    static Long longParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) throw new InvalidInputException(name, "must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a whole number");
        }
    }
}
