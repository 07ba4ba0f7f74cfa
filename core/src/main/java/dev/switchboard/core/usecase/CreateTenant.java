package dev.switchboard.core.usecase;

import dev.switchboard.core.domain.CreditPolicy;
import dev.switchboard.core.support.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Opens a tenant.
 *
 * @param tenantId     the id to use, or null for a generated one
 * @param companyName  optional
 * @param creditPolicy null for {@link CreditPolicy#PER_REPLY}
 */
public record CreateTenant(String tenantId, String email, String companyName, CreditPolicy creditPolicy) {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public CreateTenant {
        tenantId = Checks.id("tenantId", Checks.optional(tenantId));
        email = Checks.maxLength("email", Checks.required("email", email), Limits.EMAIL);
        if (!EMAIL.matcher(email).matches()) throw new InvalidInputException("email", "not an e-mail address");
        companyName = Checks.maxLength("companyName", Checks.optional(companyName), Limits.NAME);
        creditPolicy = creditPolicy == null ? CreditPolicy.PER_REPLY : creditPolicy;
    }

    /** A tenant with a generated id, the default credit policy and no company name. */
    public static CreateTenant withEmail(String email) {
        return new CreateTenant(null, email, null, null);
    }
}
