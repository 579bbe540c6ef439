package io.mcpdcr.domain.account;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An application a user allowed: it holds a remembered consent or an unexpired token of theirs.
 *
 * @param scopes every scope its remembered consents and tokens carry
 * @param allowedAt the earliest consent or token of the user's still in force
 * @param lastUsedAt when it last got a token (a code exchange or a refresh); empty when it holds only a consent
 */
public record AllowedApplication(
        ClientId clientId,
        String clientName,
        List<String> redirectUris,
        ScopeSet scopes,
        Instant allowedAt,
        Optional<Instant> lastUsedAt) {
    public AllowedApplication {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientName, "clientName");
        redirectUris = List.copyOf(redirectUris);
        Objects.requireNonNull(scopes, "scopes");
        Objects.requireNonNull(allowedAt, "allowedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /**
     * One application per client of the grants: the union of their scopes, allowed since the earliest of them, last
     * used at the latest token.
     */
    public static List<AllowedApplication> of(Collection<Grant> grants) {
        Map<ClientId, List<Grant>> byClient = new LinkedHashMap<>();
        grants.forEach(grant -> byClient.computeIfAbsent(grant.clientId(), id -> new ArrayList<>()).add(grant));
        return byClient.values().stream().map(AllowedApplication::merge).toList();
    }

    private static AllowedApplication merge(List<Grant> grants) {
        Grant first = grants.get(0);
        Set<String> scopes = new LinkedHashSet<>();
        grants.forEach(grant -> scopes.addAll(grant.scopes().values()));
        Instant allowedAt = grants.stream().map(Grant::since).min(Instant::compareTo).orElseThrow();
        Optional<Instant> lastUsedAt = grants.stream().flatMap(grant -> grant.usedAt().stream()).max(Instant::compareTo);
        return new AllowedApplication(first.clientId(), first.clientName(), first.redirectUris(), new ScopeSet(scopes),
                allowedAt, lastUsedAt);
    }

    /** Where it sends the user back: each redirect URI's host, or its scheme for a private-use scheme, once each. */
    public List<String> redirectHosts() {
        return redirectUris.stream().map(uri -> {
            URI parsed = URI.create(uri);
            return parsed.getHost() != null ? parsed.getHost() : parsed.getScheme() + ":";
        }).distinct().toList();
    }

    /**
     * One remembered consent or one token of the user's, with its client's name and redirect URIs.
     *
     * @param since when the consent was given or the token issued
     * @param usedAt when the token was issued; empty for a consent
     */
    public record Grant(ClientId clientId, String clientName, List<String> redirectUris, ScopeSet scopes, Instant since,
            Optional<Instant> usedAt) {}
}
