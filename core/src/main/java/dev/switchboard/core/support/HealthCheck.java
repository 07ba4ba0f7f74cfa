package dev.switchboard.core.support;

/** Whether a backing service answers right now. Must return quickly and never throw. */
@FunctionalInterface
public interface HealthCheck {
    boolean healthy();

    HealthCheck ALWAYS = () -> true;
}
