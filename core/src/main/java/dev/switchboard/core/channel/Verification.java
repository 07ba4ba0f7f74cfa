package dev.switchboard.core.channel;

/** Whether an inbound webhook really comes from the provider. */
public sealed interface Verification {
    record Accepted() implements Verification {}

    /** @param reason why, for the log; never echoes a secret */
    record Rejected(String reason) implements Verification {}

    static Verification accepted() {
        return new Accepted();
    }

    static Verification rejected(String reason) {
        return new Rejected(reason);
    }
}
