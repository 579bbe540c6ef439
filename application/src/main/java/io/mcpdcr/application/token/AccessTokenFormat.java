package io.mcpdcr.application.token;

import java.util.Objects;

/** What an access token looks like: a random opaque string, or a JWT (RFC 9068) signed by the key ring. */
public sealed interface AccessTokenFormat {
    record Opaque() implements AccessTokenFormat {}

    /** @param withUsername whether the token carries {@code preferred_username} beside the pseudonymous {@code sub} */
    record Jwt(SigningKeyRing keys, boolean withUsername) implements AccessTokenFormat {
        public Jwt {
            Objects.requireNonNull(keys, "keys");
        }
    }
}
