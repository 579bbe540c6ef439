package io.mcpdcr.domain.token;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a JWT access token (RFC 9068 §2.2). {@code sub} is a stable identifier derived from the username, not
 * the username itself; the username travels only as {@code preferred_username}, and only when the deployment opts in.
 *
 * @param audience the token's resource (RFC 8707), or the issuer when the grant names none (RFC 9068 §3)
 * @param authTime when the user last proved their presence for this grant: the approval that issued its code
 */
public record AccessTokenClaims(
        String issuer,
        String subject,
        String audience,
        String clientId,
        ScopeSet scope,
        Instant issuedAt,
        Instant expiresAt,
        String jwtId,
        Instant authTime,
        Optional<String> preferredUsername) {
    public AccessTokenClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(jwtId, "jwtId");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(preferredUsername, "preferredUsername");
    }

    /** The claims for an access token standing for {@code grant}, already bound to its audience. */
    public static AccessTokenClaims of(String issuer, TokenGrant grant, Instant issuedAt, Instant expiresAt,
            String jwtId, Instant authTime, boolean withUsername) {
        return new AccessTokenClaims(issuer, subjectOf(grant.username()), grant.resource().orElse(issuer),
                grant.clientId().value(), grant.scopes(), issuedAt, expiresAt, jwtId, authTime,
                withUsername ? Optional.of(grant.username()) : Optional.empty());
    }

    /**
     * The {@code sub} of a user: a SHA-256 pseudonym of the username. Usernames never change (they are the accounts'
     * keys), so the subject is stable; resource servers keying data by it do not learn the name.
     */
    public static String subjectOf(String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("mcpdcr-subject:" + username).getBytes(StandardCharsets.UTF_8));
            return "u_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
