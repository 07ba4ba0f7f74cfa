package dev.switchboard.core.domain;

import java.time.Instant;

/** A customer of Switchboard (seed 001 calls it a user). Every other record belongs to one. */
public record Tenant(String id, String email, String companyName, Instant createdAt) {}
