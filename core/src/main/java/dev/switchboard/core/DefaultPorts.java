package dev.switchboard.core;

import dev.switchboard.core.engine.PortDefaults;
import dev.switchboard.core.memory.InMemory;

/**
 * The one place that names the default implementation of the engine's ports, so that
 * {@code engine} itself depends only on the {@link PortDefaults} interface, never on
 * {@code memory} (architecture-tests checks both).
 */
public final class DefaultPorts {
    private DefaultPorts() {}

    /** Single-process, in-memory ports: what {@code Switchboard.create(c -> c.channel(x))} runs on. */
    public static PortDefaults inMemory() {
        return new InMemory();
    }
}
