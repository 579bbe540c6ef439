package io.mcpdcr.adapters.http.outbound;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpdcr.application.port.ClientAssertionVerifier;
import io.mcpdcr.application.port.ClientMetadataDocuments;
import io.mcpdcr.domain.registration.ClientKeys;
import io.mcpdcr.domain.token.ClientAssertionClaims;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies client assertions with Nimbus JOSE+JWT: a compact JWS signed with an asymmetric algorithm of
 * {@link #ALGORITHMS} ({@code none} and HMAC are refused: a public key is no secret), by a key of the client that fits
 * the header (key type, kid, alg, use). Key sets at a jwks_uri are fetched through the SSRF-safe document fetcher and
 * cached for their max-age within 5 minutes and 1 hour; a kid the cached set lacks refetches it, at most once a minute,
 * so a rotated key is picked up.
 */
public final class NimbusClientAssertionVerifier implements ClientAssertionVerifier {
    /** The signing algorithms accepted, as advertised in the server metadata. */
    public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final int MAX_ASSERTION = 8 * 1024;
    static final Duration MIN_CACHE = Duration.ofMinutes(5);
    static final Duration MAX_CACHE = Duration.ofHours(1);
    static final Duration REFETCH_AFTER = Duration.ofMinutes(1);
    private static final int MAX_CACHED_SETS = 1_000;

    private final ClientMetadataDocuments fetcher;
    private final InstantSource clock;
    private final Map<String, CachedSet> keySets = new ConcurrentHashMap<>();

    public NimbusClientAssertionVerifier(ClientMetadataDocuments fetcher, InstantSource clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** The names of {@link #ALGORITHMS}. */
    public static List<String> algorithmNames() {
        return ALGORITHMS.stream().map(JWSAlgorithm::getName).toList();
    }

    @Override
    public Verification verify(String assertion, ClientKeys keys) {
        if (assertion.length() > MAX_ASSERTION) {
            return failed("the client assertion is longer than " + MAX_ASSERTION + " characters");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(assertion);
        } catch (ParseException e) {
            return failed("the client assertion is not a signed JWT (JWS compact serialization)");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            return failed("the client assertion's alg must be one of " + String.join(", ", algorithmNames()));
        }
        Optional<JWKSet> set = keySet(keys, false);
        if (set.isEmpty()) {
            return failed("the client's keys could not be read from its jwks or jwks_uri");
        }
        List<JWK> candidates = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(set.get());
        if (candidates.isEmpty() && keys instanceof ClientKeys.Remote) {
            candidates = keySet(keys, true)
                    .map(fresh -> new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(fresh))
                    .orElse(List.of());
        }
        if (candidates.isEmpty()) {
            return failed("no key of the client fits the client assertion's header (kid, alg, key type)");
        }
        return candidates.stream().anyMatch(key -> verifies(jwt, key))
                ? claims(jwt)
                : failed("the client assertion's signature does not verify with the client's keys");
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            JWSVerifier verifier = new DefaultJWSVerifierFactory()
                    .createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
            return jwt.verify(verifier);
        } catch (JOSEException | ClassCastException e) {
            return false;
        }
    }

    private static Verification claims(SignedJWT jwt) {
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return new Verified(new ClientAssertionClaims(Optional.ofNullable(claims.getIssuer()),
                    Optional.ofNullable(claims.getSubject()), claims.getAudience(), instant(claims.getExpirationTime()),
                    instant(claims.getNotBeforeTime()), Optional.ofNullable(claims.getJWTID())));
        } catch (ParseException e) {
            return failed("the client assertion's claims are not a valid JWT claims set");
        }
    }

    private static Optional<Instant> instant(Date date) {
        return Optional.ofNullable(date).map(Date::toInstant);
    }

    /** The client's public keys: inline, or from its jwks_uri (cached unless {@code refetch} and the entry is old). */
    private Optional<JWKSet> keySet(ClientKeys keys, boolean refetch) {
        if (keys instanceof ClientKeys.Inline inline) {
            try {
                return Optional.of(JWKSet.parse(inline.jwkSet()).toPublicJWKSet());
            } catch (ParseException e) {
                return Optional.empty();
            }
        }
        String uri = ((ClientKeys.Remote) keys).jwksUri();
        Instant now = clock.instant();
        CachedSet cached = keySets.get(uri);
        boolean fresh = cached != null && now.isBefore(cached.expiresAt())
                && !(refetch && now.isAfter(cached.fetchedAt().plus(REFETCH_AFTER)));
        if (fresh) {
            return Optional.of(cached.keys());
        }
        ClientMetadataDocuments.Fetch fetch = fetcher.fetchKeys(URI.create(uri));
        if (!(fetch instanceof ClientMetadataDocuments.Fetched fetched)) {
            return Optional.ofNullable(cached).map(CachedSet::keys);
        }
        try {
            JWKSet set = JWKSet.parse(new String(fetched.body(), StandardCharsets.UTF_8)).toPublicJWKSet();
            if (keySets.size() >= MAX_CACHED_SETS) {
                keySets.values().removeIf(entry -> now.isAfter(entry.expiresAt()));
            }
            if (keySets.size() < MAX_CACHED_SETS) {
                keySets.put(uri, new CachedSet(set, now, now.plus(cacheFor(fetched.maxAge()))));
            }
            return Optional.of(set);
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** Cache-Control max-age, held between 5 minutes and 1 hour. */
    static Duration cacheFor(Optional<Duration> maxAge) {
        Duration requested = maxAge.orElse(MIN_CACHE);
        if (requested.compareTo(MIN_CACHE) < 0) {
            return MIN_CACHE;
        }
        return requested.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : requested;
    }

    private static Verification failed(String reason) {
        return new Failed(reason);
    }

    private record CachedSet(JWKSet keys, Instant fetchedAt, Instant expiresAt) {}
}
