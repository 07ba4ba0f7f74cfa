package dev.switchboard.runner.common;

import java.util.List;

/** One or more configuration problems; {@link #getMessage()} has one line per problem. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
