package io.mcpdcr.domain.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may sign in through an upstream provider, checked at every sign-in: a verified email in one of the allowed
 * domains ({@code DCR_LOGIN_ALLOWED_DOMAINS}), a required claim ({@code DCR_LOGIN_REQUIRED_CLAIM}), membership of one
 * of the organisations ({@code DCR_GITHUB_ORGS}, GitHub only); and who gets the admin role ({@code DCR_LOGIN_ADMINS}:
 * a verified email, or a username at the provider).
 */
public final class SignInPolicy {
    private final Set<String> allowedDomains;
    private final Optional<RequiredClaim> requiredClaim;
    private final Set<String> organisations;
    private final Set<String> admins;

    public SignInPolicy(Set<String> allowedDomains, Optional<RequiredClaim> requiredClaim, Set<String> organisations,
            Set<String> admins) {
        this.allowedDomains = lowerCase(allowedDomains);
        this.requiredClaim = requiredClaim;
        this.organisations = lowerCase(organisations);
        this.admins = Set.copyOf(admins);
    }

    /** No rule: everyone the provider vouches for may sign in, nobody is made an administrator. */
    public static SignInPolicy open() {
        return new SignInPolicy(Set.of(), Optional.empty(), Set.of(), Set.of());
    }

    public SignInCheck check(ExternalIdentity identity) {
        if (!allowedDomains.isEmpty()) {
            if (identity.email().isEmpty() || !identity.emailVerified()) {
                return new SignInCheck.Refused(SignInCheck.Reason.EMAIL_UNVERIFIED,
                        "Your account at the identity provider has no verified email address, and this service "
                                + "admits people by the domain of their verified email.");
            }
            String email = identity.email().get().toLowerCase(Locale.ROOT);
            String domain = email.substring(email.lastIndexOf('@') + 1);
            if (!allowedDomains.contains(domain)) {
                return new SignInCheck.Refused(SignInCheck.Reason.DOMAIN_NOT_ALLOWED,
                        "Your email address " + identity.email().get() + " is not in a domain this service admits.");
            }
        }
        if (requiredClaim.isPresent() && !requiredClaim.get().heldBy(identity)) {
            return new SignInCheck.Refused(SignInCheck.Reason.CLAIM_MISSING,
                    "Your account at the identity provider does not have \"" + requiredClaim.get().value()
                            + "\" in its " + requiredClaim.get().name() + ", which this service requires.");
        }
        if (!organisations.isEmpty() && identity.provider().equals("github")
                && identity.organisations().stream().map(org -> org.toLowerCase(Locale.ROOT))
                        .noneMatch(organisations::contains)) {
            return new SignInCheck.Refused(SignInCheck.Reason.ORGANISATION_MISSING,
                    "You are not a member of an organisation this service admits.");
        }
        return new SignInCheck.Allowed(isAdmin(identity));
    }

    /** Organisations are asked of GitHub only when some are required. */
    public boolean needsOrganisations() {
        return !organisations.isEmpty();
    }

    private boolean isAdmin(ExternalIdentity identity) {
        boolean byEmail = identity.emailVerified() && identity.email()
                .map(email -> admins.stream().anyMatch(admin -> admin.equalsIgnoreCase(email))).orElse(false);
        // A name with @ is an email, trusted only when verified: an unverified preferred_username proves nothing.
        boolean byUsername = identity.username().filter(name -> !name.contains("@")).map(admins::contains)
                .orElse(false);
        return byEmail || byUsername;
    }

    private static Set<String> lowerCase(Set<String> values) {
        return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
