package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.AuthorizationCodeStore;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.ConsentInteractionStore;
import io.mcpdcr.application.port.ConsentStore;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/** Builds the two authorization use cases around the state they share. */
public record AuthorizationUseCases(StartAuthorization start, DecideConsent decide) {
    public static AuthorizationUseCases create(
            ClientRegistry clients,
            AuthorizationRequestPolicy policy,
            AuthorizationCodeStore codes,
            ConsentStore consents,
            ConsentInteractionStore interactions,
            InstantSource clock,
            RandomGenerator random,
            OAuthSettings settings,
            AuditLog audit) {
        var responder = new AuthorizationResponder(clients, policy, codes, clock, random, settings, audit);
        return new AuthorizationUseCases(new StartAuthorization(responder, consents),
                new DecideConsent(responder, consents, interactions, clock, random));
    }
}
