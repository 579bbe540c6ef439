package io.mcpdcr.domain.identity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The person an upstream identity provider vouches for, after its answer was verified: who they are there
 * ({@code provider}, {@code subject}), how they are called, and what the allow rules may look at.
 *
 * @param claims the ID token's claims as plain values: strings, numbers, booleans and lists of them
 * @param organisations the GitHub organisations the person belongs to; empty for other providers
 */
public record ExternalIdentity(
        String provider,
        String subject,
        Optional<String> username,
        Optional<String> email,
        boolean emailVerified,
        Optional<String> name,
        Map<String, Object> claims,
        Set<String> organisations) {
    public ExternalIdentity {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("an identity needs a subject");
        }
        claims = Map.copyOf(claims);
        organisations = Set.copyOf(organisations);
    }

    /** The values of a claim: a string claim is one value, an array claim each of its strings. */
    public List<String> claimValues(String claim) {
        Object value = claims.get(claim);
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** How the person is shown on our pages: their name, with the email or username the provider gave. */
    public String displayName() {
        Optional<String> handle = email.or(() -> username);
        if (name.isPresent() && handle.isPresent() && !name.get().equals(handle.get())) {
            return name.get() + " (" + handle.get() + ")";
        }
        return name.or(() -> handle).orElse(subject);
    }
}
