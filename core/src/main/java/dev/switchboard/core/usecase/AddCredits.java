package dev.switchboard.core.usecase;

import dev.switchboard.core.support.InvalidInputException;

/** Tops up a tenant's credits by {@code amount} (1 to 1,000,000,000). */
public record AddCredits(Long amount) {
    public AddCredits {
        if (amount == null) throw new InvalidInputException("amount", "is required");
        Checks.range("amount", amount, 1, 1_000_000_000L);
    }

    public static AddCredits of(long amount) {
        return new AddCredits(amount);
    }
}
