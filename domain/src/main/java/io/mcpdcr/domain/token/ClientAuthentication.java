package io.mcpdcr.domain.token;

import io.mcpdcr.domain.registration.ClientId;
import java.util.Objects;

/**
 * How a client authenticated at the token or revocation endpoint, as read by {@link ClientAuthenticationPolicy}:
 * public clients name themselves; private_key_jwt clients (RFC 7523 §2.2) also send a signed assertion.
 */
public sealed interface ClientAuthentication {
    ClientId clientId();

    /** A public client (token_endpoint_auth_method none): it names itself and proves nothing (RFC 6749 §2.1). */
    record None(ClientId clientId) implements ClientAuthentication {
        public None {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /**
     * A JWT bearer client assertion (RFC 7523 §2.2), not yet verified: that needs the client's keys.
     *
     * @param assertion the compact JWT as sent
     */
    record Assertion(ClientId clientId, String assertion) implements ClientAuthentication {
        public Assertion {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(assertion, "assertion");
        }

        /** Never the assertion: it is a credential until it expires. */
        @Override
        public String toString() {
            return "Assertion[clientId=" + clientId + "]";
        }
    }
}
