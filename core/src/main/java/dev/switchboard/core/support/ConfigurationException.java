package dev.switchboard.core.support;

/**
 * A component was configured wrongly (a builder given a bad URL, a setting out of range). Thrown
 * at start-up by configuration builders and settings, never in answer to a request.
 */
public class ConfigurationException extends SwitchboardException {
    public ConfigurationException(String message) {
        super(message);
    }
}
