package dev.switchboard.core.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads typed fields out of a decoded JSON object (a map), failing with an
 * {@link InvalidInputException} that names the field. Used by the admin use cases so every runner
 * reports bad input the same way.
 */
public final class Fields {
    private final Map<String, Object> body;
    private final String path; // "" at the top, "template." inside the object "template"

    public Fields(Map<String, Object> body) {
        this(body, "");
    }

    private Fields(Map<String, Object> body, String path) {
        if (body == null) throw new InvalidInputException("body", "a JSON object is required");
        this.body = body;
        this.path = path;
    }

    /** The object held by {@code name}, or null; errors inside it name the field as {@code name.inner}. */
    @SuppressWarnings("unchecked")
    public Fields object(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw new InvalidInputException(path + name, "must be an object");
        return new Fields((Map<String, Object>) m, path + name + ".");
    }

    public boolean has(String name) {
        return body.containsKey(name);
    }

    public String string(String name, boolean required) {
        Object v = body.get(name);
        if (v == null) {
            if (required) throw new InvalidInputException(path + name, "is required");
            return null;
        }
        if (v instanceof String s) {
            if (required && s.isBlank()) throw new InvalidInputException(path + name, "must not be blank");
            return s.isBlank() ? null : s.trim();
        }
        if (v instanceof Number n) return n.toString();
        throw new InvalidInputException(path + name, "must be a string");
    }

    public Long integer(String name, long min, long max) {
        Object v = body.get(name);
        if (v == null) return null;
        long value;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) value = ((Number) v).longValue();
        else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) value = n.longValue();
        else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) value = Long.parseLong(s.trim());
        else throw new InvalidInputException(path + name, "must be a whole number");
        if (value < min || value > max) throw new InvalidInputException(path + name, "must be between " + min + " and " + max);
        return value;
    }

    public Boolean bool(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        throw new InvalidInputException(path + name, "must be true or false");
    }

    public List<String> strings(String name) {
        Object v = body.get(name);
        if (v == null) return null;
        if (!(v instanceof List<?> list)) throw new InvalidInputException(path + name, "must be a list of strings");
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) throw new InvalidInputException(path + name, "must be a list of strings");
            out.add(s);
        }
        return out;
    }
}
