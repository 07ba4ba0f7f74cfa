package dev.switchboard.core.domain;

import java.time.Instant;

/**
 * A customer of Switchboard (seed 001 calls it a user). Every other record belongs to one.
 *
 * @param creditPolicy how its model calls are charged; {@link CreditPolicy#PER_REPLY} when null
 */
public record Tenant(String id, String email, String companyName, CreditPolicy creditPolicy, Instant createdAt) {
    public Tenant {
        creditPolicy = creditPolicy == null ? CreditPolicy.PER_REPLY : creditPolicy;
    }
}
