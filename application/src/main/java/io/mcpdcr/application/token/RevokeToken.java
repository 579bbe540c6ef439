package io.mcpdcr.application.token;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.TokenStore;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.RevocationRequest;
import io.mcpdcr.domain.token.TokenError;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /o/revoke} (RFC 7009) for public clients identified by client_id and private_key_jwt clients by their
 * assertion. Revoking either token of a family
 * revokes the whole family. Unknown tokens and tokens of other clients are answered as revoked (RFC 7009 §2.2), but
 * only a revocation that revoked something is audited: anyone can send the others at will.
 */
public final class RevokeToken {
    private final ClientRegistry clients;
    private final ClientAuthenticator authenticator;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final InstantSource clock;

    public RevokeToken(ClientRegistry clients, ClientAuthenticator authenticator, TokenStore tokens, AuditLog audit,
            InstantSource clock) {
        this.clients = clients;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** Empty when the client is known, whatever the token was; otherwise the error. */
    public Optional<TokenError> revoke(RevocationRequest request) {
        ClientId client = request.client().clientId();
        Optional<ClientRegistration> found = clients.find(client);
        if (found.isEmpty()) {
            return Optional.of(TokenError.invalidClient("the client is unknown"));
        }
        Optional<TokenError> unauthenticated = authenticator.refusal(request.client(), found.get());
        if (unauthenticated.isPresent()) {
            return unauthenticated;
        }
        String hash = OpaqueToken.hash(request.token());
        Optional<String> family = tokens.findRefresh(hash)
                .filter(refresh -> refresh.grant().clientId().equals(client))
                .map(refresh -> refresh.familyId())
                .or(() -> tokens.findAccess(hash)
                        .filter(access -> access.grant().clientId().equals(client))
                        .map(access -> access.familyId()));
        family.ifPresent(revoked -> {
            tokens.revokeFamily(revoked);
            audit.record(AuditEvent.tokensRevoked(clock.instant(), client));
        });
        return Optional.empty();
    }
}
