package io.mcpdcr.domain.identity;

/** What {@link SignInPolicy} says of a person the provider vouched for. */
public sealed interface SignInCheck {
    /** @param admin whether {@code DCR_LOGIN_ADMINS} names them */
    record Allowed(boolean admin) implements SignInCheck {}

    /** @param explanation shown to the person: why, without anything they could not see themselves */
    record Refused(Reason reason, String explanation) implements SignInCheck {}

    /** Why a person was refused; {@link #wire()} is the error code of the audit row. */
    enum Reason {
        EMAIL_UNVERIFIED("email_unverified"),
        DOMAIN_NOT_ALLOWED("domain_not_allowed"),
        CLAIM_MISSING("claim_missing"),
        ORGANISATION_MISSING("organisation_missing");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
