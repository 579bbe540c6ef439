package io.mcpdcr.domain.token;

import io.mcpdcr.domain.registration.ClientId;
import java.util.Objects;

/**
 * How a client authenticated at the token or revocation endpoint. This server has public clients only; another
 * method (such as private_key_jwt, RFC 7523) becomes another record here, checked by {@link ClientAuthenticationPolicy}.
 */
public sealed interface ClientAuthentication {
    ClientId clientId();

    /** A public client (token_endpoint_auth_method none): it names itself and proves nothing (RFC 6749 §2.1). */
    record None(ClientId clientId) implements ClientAuthentication {
        public None {
            Objects.requireNonNull(clientId, "clientId");
        }
    }
}
