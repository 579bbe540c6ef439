package io.mcpdcr.domain.registration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the public keys of a private_key_jwt client are (RFC 7591 §2): inline as {@code jwks}, or at {@code jwks_uri}.
 * The keys themselves are read by the adapter that verifies client assertions.
 */
public sealed interface ClientKeys {
    /** @param jwkSet the JWK Set object (RFC 7517 §5) as plain JSON values */
    record Inline(Map<String, Object> jwkSet) implements ClientKeys {
        public Inline {
            jwkSet = Collections.unmodifiableMap(new LinkedHashMap<>(jwkSet));
        }
    }

    /** @param jwksUri an https URL serving the JWK Set */
    record Remote(String jwksUri) implements ClientKeys {
        public Remote {
            Objects.requireNonNull(jwksUri, "jwksUri");
        }
    }
}
