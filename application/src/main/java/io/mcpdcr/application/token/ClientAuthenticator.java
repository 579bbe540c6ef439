package io.mcpdcr.application.token;

import io.mcpdcr.application.port.ClientAssertionVerifier;
import io.mcpdcr.application.port.UsedClientAssertions;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.ClientAssertionPolicy;
import io.mcpdcr.domain.token.ClientAuthentication;
import io.mcpdcr.domain.token.TokenError;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Whether the credentials presented fit the client found: a private_key_jwt client must send an assertion that its
 * keys verify, whose claims {@link ClientAssertionPolicy} accepts and whose jti is new; a public client must send
 * none, since it would otherwise believe it authenticated. Every refusal is invalid_client (RFC 7523 §3.1).
 */
public final class ClientAuthenticator {
    private final ClientAssertionVerifier verifier;
    private final UsedClientAssertions used;
    private final List<String> audiences;
    private final InstantSource clock;

    /** @param audiences the aud values that name this server: its issuer and its token endpoint */
    public ClientAuthenticator(ClientAssertionVerifier verifier, UsedClientAssertions used, List<String> audiences,
            InstantSource clock) {
        this.verifier = verifier;
        this.used = used;
        this.audiences = List.copyOf(audiences);
        this.clock = clock;
    }

    /** Empty when the client proved who it is, or needs not; otherwise the error. */
    public Optional<TokenError> refusal(ClientAuthentication presented, ClientRegistration client) {
        boolean keyed = client.metadata().authenticatesWithKeys();
        if (!(presented instanceof ClientAuthentication.Assertion assertion)) {
            return keyed
                    ? invalid("this client authenticates with private_key_jwt: send client_assertion_type and "
                            + "client_assertion")
                    : Optional.empty();
        }
        if (!keyed) {
            return invalid("this client is public: send no client_assertion");
        }
        ClientAssertionVerifier.Verification verification =
                verifier.verify(assertion.assertion(), client.metadata().keys().orElseThrow());
        if (verification instanceof ClientAssertionVerifier.Failed failed) {
            return invalid(failed.reason());
        }
        var claims = ((ClientAssertionVerifier.Verified) verification).claims();
        ClientAssertionPolicy.Check check = ClientAssertionPolicy.check(claims, client.id(), audiences, clock.instant());
        if (check instanceof ClientAssertionPolicy.Check.Refused refused) {
            return Optional.of(refused.error());
        }
        var accepted = (ClientAssertionPolicy.Check.Accepted) check;
        return used.firstUse(client.id(), accepted.jwtId(), accepted.rememberUntil())
                ? Optional.empty()
                : invalid("the client assertion was already used: send a new one with a new jti");
    }

    private static Optional<TokenError> invalid(String description) {
        return Optional.of(TokenError.invalidClient(description));
    }
}
