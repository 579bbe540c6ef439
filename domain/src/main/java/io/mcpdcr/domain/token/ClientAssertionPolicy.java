package io.mcpdcr.domain.token;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * The RFC 7523 §3 rules on the claims of a verified client assertion, in the order they are checked: {@code iss} and
 * {@code sub} are the client_id; {@code aud} names this server (its token endpoint or its issuer); {@code exp} is
 * present, not past, and at most {@link #MAX_LIFETIME} ahead, so a single-use {@code jti} need only be remembered that
 * long; {@code nbf}, when present, has come; {@code jti} is present. Clocks may differ by {@link #CLOCK_SKEW}.
 * Every failure is invalid_client, and no description repeats the assertion.
 */
public final class ClientAssertionPolicy {
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    public static final int MAX_JTI = 200;

    private ClientAssertionPolicy() {}

    /** @param audiences the values of {@code aud} that name this server */
    public static Check check(ClientAssertionClaims claims, ClientId client, Collection<String> audiences,
            Instant now) {
        String id = client.value();
        if (!claims.issuer().equals(Optional.of(id)) || !claims.subject().equals(Optional.of(id))) {
            return refused("the client assertion's iss and sub must both be the client_id");
        }
        if (claims.audience().stream().noneMatch(audiences::contains)) {
            return refused("the client assertion's aud must contain this server's token endpoint or issuer");
        }
        if (claims.expiresAt().isEmpty()) {
            return refused("the client assertion must have exp");
        }
        Instant expiresAt = claims.expiresAt().get();
        if (!expiresAt.plus(CLOCK_SKEW).isAfter(now)) {
            return refused("the client assertion has expired");
        }
        if (expiresAt.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            return refused("the client assertion's exp must be at most " + MAX_LIFETIME.toMinutes() + " minutes ahead");
        }
        if (claims.notBefore().filter(notBefore -> notBefore.isAfter(now.plus(CLOCK_SKEW))).isPresent()) {
            return refused("the client assertion is not valid yet (nbf)");
        }
        if (claims.jwtId().filter(jti -> !jti.isEmpty() && jti.length() <= MAX_JTI).isEmpty()) {
            return refused("the client assertion must have a jti of at most " + MAX_JTI + " characters");
        }
        // Remembered past exp by the skew, the longest an assertion is accepted.
        return new Check.Accepted(claims.jwtId().get(), expiresAt.plus(CLOCK_SKEW));
    }

    private static Check refused(String description) {
        return new Check.Refused(TokenError.invalidClient(description));
    }

    /** The verdict on the claims. */
    public sealed interface Check {
        /** @param rememberUntil how long the jti must be remembered to refuse a replay */
        record Accepted(String jwtId, Instant rememberUntil) implements Check {
            public Accepted {
                Objects.requireNonNull(jwtId, "jwtId");
                Objects.requireNonNull(rememberUntil, "rememberUntil");
            }
        }

        record Refused(TokenError error) implements Check {}
    }
}
