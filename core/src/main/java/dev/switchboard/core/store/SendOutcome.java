package dev.switchboard.core.store;

import dev.switchboard.core.domain.DeliveryStatus;

/** The result of sending an outbound message, after all attempts. */
public record SendOutcome(DeliveryStatus status, String externalId, int attempts, String errorCode, String lastError) {}
