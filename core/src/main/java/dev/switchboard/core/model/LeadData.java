package dev.switchboard.core.model;

import dev.switchboard.core.domain.Usage;

/**
 * Lead fields as the model returned them, before validation. Scores should be 1–3, {@code email} an
 * address, {@code demoDatetime} an ISO-8601 date-time; {@link LeadValidation} checks that.
 */
public record LeadData(
        String name,
        String email,
        String company,
        String intent,
        Integer urgency,
        Integer budget,
        Integer fit,
        Integer engagement,
        String demoDatetime,
        String smartNotification,
        Usage usage) {}
