package dev.switchboard.core.usecase;

/**
 * One field of a partial update: {@link Keep} leaves it as it is, {@link Set} replaces it
 * ({@code Set(null)} clears a field that may be empty).
 */
public sealed interface Patch<T> {
    record Keep<T>() implements Patch<T> {}

    record Set<T>(T value) implements Patch<T> {}

    static <T> Patch<T> keep() {
        return new Keep<>();
    }

    static <T> Patch<T> set(T value) {
        return new Set<>(value);
    }

    default boolean given() {
        return this instanceof Set<T>;
    }

    /** The new value when given, else {@code current}. */
    default T or(T current) {
        return this instanceof Set<T> s ? s.value() : current;
    }

    /** The new value when given and not null, else {@code current}: for fields that cannot be cleared. */
    default T orIfNull(T current) {
        return this instanceof Set<T> s && s.value() != null ? s.value() : current;
    }

    default <R> Patch<R> map(java.util.function.Function<T, R> f) {
        return this instanceof Set<T> s ? new Set<>(f.apply(s.value())) : new Keep<>();
    }
}
