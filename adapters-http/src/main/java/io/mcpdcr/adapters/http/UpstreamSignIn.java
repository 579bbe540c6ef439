package io.mcpdcr.adapters.http;

import io.mcpdcr.application.authorization.CompleteUpstreamSignIn;
import io.mcpdcr.application.authorization.StartUpstreamSignIn;
import io.mcpdcr.application.authorization.UpstreamProviders;
import java.util.Objects;

/**
 * How people sign in ({@code DCR_LOGIN}): with the local form, through upstream providers, or both.
 *
 * @param localForm whether the username and password form is offered and accepted
 * @param start unused (may be null) without providers
 * @param complete unused (may be null) without providers
 */
public record UpstreamSignIn(boolean localForm, UpstreamProviders providers, StartUpstreamSignIn start,
        CompleteUpstreamSignIn complete) {
    public UpstreamSignIn {
        Objects.requireNonNull(providers, "providers");
        if (!localForm && providers.all().isEmpty()) {
            throw new IllegalArgumentException("without the local form, at least one provider is needed");
        }
    }

    /** Only the local form, as before providers existed. */
    public static UpstreamSignIn localOnly(String issuer) {
        return new UpstreamSignIn(true, UpstreamProviders.none(issuer), null, null);
    }

    boolean hasProviders() {
        return !providers.all().isEmpty();
    }
}
