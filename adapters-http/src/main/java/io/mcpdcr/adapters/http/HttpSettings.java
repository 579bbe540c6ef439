package io.mcpdcr.adapters.http;

import io.mcpdcr.domain.authorization.ScopeSet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the HTTP adapter needs to know of its deployment.
 *
 * @param issuer the issuer identifier; an https issuer makes cookies Secure with the {@code __Host-} prefix
 * @param scopesSupported advertised in the metadata
 * @param sessionLifetime how long a login cookie lives
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-For} is believed; usually empty
 * @param maxBodyBytes the largest request body read; larger ones answer 413
 * @param clientIdMetadataDocuments whether https client_ids are resolved by their metadata documents (advertised)
 */
public record HttpSettings(
        String issuer,
        ScopeSet scopesSupported,
        Duration sessionLifetime,
        List<String> trustedProxies,
        int maxBodyBytes,
        boolean clientIdMetadataDocuments) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public HttpSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(scopesSupported, "scopesSupported");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        trustedProxies = List.copyOf(trustedProxies);
        trustedProxies.forEach(IpRange::parse); // fail at start-up, not on the first request
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
    }

    /** Throws IllegalArgumentException naming the first entry that is not an address or CIDR block. */
    public static void checkProxy(String entry) {
        IpRange.parse(entry);
    }

    boolean secureCookies() {
        return URI.create(issuer).getScheme().toLowerCase(Locale.ROOT).equals("https");
    }
}
