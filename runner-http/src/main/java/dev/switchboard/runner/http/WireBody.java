package dev.switchboard.runner.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.core.support.InvalidInputException;
import dev.switchboard.core.usecase.Limits;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request's JSON object, read field by field with the JSON types checked: a field of the wrong
 * type fails with an {@link InvalidInputException} naming it by its wire name. The rules on values
 * are the commands' to check, not this class's.
 */
final class WireBody {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private final Map<String, Object> body;
    private final String path; // "" at the top, "template." inside the object "template"

    WireBody(Map<String, Object> body) {
        this(body, "");
    }

    private WireBody(Map<String, Object> body, String path) {
        if (body == null) throw new InvalidInputException("body", "a JSON object is required");
        this.body = body;
        this.path = path;
    }

    static WireBody of(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) throw new InvalidInputException("body", "a JSON object is required");
        try {
            return new WireBody(HttpApi.JSON.readValue(text, OBJECT));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("body", JsonErrors.describe(e));
        }
    }

    boolean has(String name) {
        return body.containsKey(name);
    }

    /** The object held by {@code name}, or null; errors inside it name the field as {@code name.inner}. */
    @SuppressWarnings("unchecked")
    WireBody object(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw new InvalidInputException(path + name, "must be an object");
        return new WireBody((Map<String, Object>) m, path + name + ".");
    }

    /** The string as given (a number becomes its text), or null. */
    String text(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        String s;
        if (v instanceof String str) s = str;
        else if (v instanceof Number n) s = n.toString();
        else throw new InvalidInputException(path + name, "must be a string");
        int cap = FieldLimits.of(name);
        if (s.length() > cap) throw new InvalidInputException(path + name, "too long: at most " + cap + " characters");
        return dev.switchboard.core.support.StoredText.clean(s); // U+0000 and lone surrogates become U+FFFD
    }

    /** The string trimmed, or null when absent or blank: for values parsed here. */
    String optional(String name) {
        String s = text(name);
        return s == null || s.isBlank() ? null : s.trim();
    }

    Long integer(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) return ((Number) v).longValue();
        if (v instanceof java.math.BigInteger big) {
            // never wrapped: 2^64 + 5 is not 5
            if (big.bitLength() > 63) throw new InvalidInputException(path + name, "out of range (at most " + Long.MAX_VALUE + ")");
            return big.longValue();
        }
        if (v instanceof Number n) {
            java.math.BigDecimal d;
            try {
                d = new java.math.BigDecimal(n.toString());
            } catch (NumberFormatException infinite) { // 1e400 reads as a double's Infinity
                throw new InvalidInputException(path + name, "out of range (at most " + Long.MAX_VALUE + ")");
            }
            if (d.stripTrailingZeros().scale() > 0) throw new InvalidInputException(path + name, "must be a whole number");
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new InvalidInputException(path + name, "out of range (at most " + Long.MAX_VALUE + ")");
            }
        }
        if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) return Long.parseLong(s.trim());
        throw new InvalidInputException(path + name, "must be a whole number");
    }

    Boolean bool(String name) {
        Object v = body.get(name);
        if (v == null || v instanceof Boolean) return (Boolean) v;
        throw new InvalidInputException(path + name, "must be true or false");
    }

    /** A provider setting: a string, or a list of strings kept joined by spaces (how a setting holds a list). */
    String setting(String name) {
        return body.get(name) instanceof List<?> ? String.join(" ", strings(name)) : text(name);
    }

    List<String> strings(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        if (!(v instanceof List<?> list)) throw new InvalidInputException(path + name, "must be a list of strings");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw new InvalidInputException(path + name, "must be a list of strings");
            if (s.length() > Limits.ID) throw new InvalidInputException(path + name, "an item is too long: at most " + Limits.ID + " characters");
            out.add(s);
        }
        if (out.size() > Limits.LIST_ITEMS) {
            throw new InvalidInputException(path + name, "too many items: at most " + Limits.LIST_ITEMS);
        }
        return out;
    }
}
