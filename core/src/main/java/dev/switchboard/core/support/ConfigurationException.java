package dev.switchboard.core.support;

/**
 * A component was configured wrongly (a builder given a bad URL, a setting out of range). Thrown
 * at start-up by configuration builders and settings, never in answer to a request.
 * {@code setting} names what to fix (an environment variable, a builder property).
 */
public class ConfigurationException extends SwitchboardException {
    private final String setting;

    public ConfigurationException(String setting, String message) {
        super(setting == null ? message : setting + ": " + message);
        this.setting = setting;
    }

    public ConfigurationException(String message) {
        this(null, message);
    }

    public String setting() {
        return setting;
    }

    /** The message without the setting's name in front. */
    public String reason() {
        String m = getMessage();
        return setting != null && m.startsWith(setting + ": ") ? m.substring(setting.length() + 2) : m;
    }
}
