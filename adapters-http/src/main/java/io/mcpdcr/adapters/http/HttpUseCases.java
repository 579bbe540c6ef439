package io.mcpdcr.adapters.http;

import io.mcpdcr.application.account.ListAllowedApplications;
import io.mcpdcr.application.account.RevokeApplication;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.authorization.StartAuthorization;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.token.IssueTokens;
import io.mcpdcr.application.token.RevokeToken;
import java.util.Objects;

/** The use cases the HTTP adapter drives. */
public record HttpUseCases(
        RegisterClient registerClient,
        StartAuthorization startAuthorization,
        DecideConsent decideConsent,
        LogIn logIn,
        GuardTokenEndpoints guardTokenEndpoints,
        IssueTokens issueTokens,
        RevokeToken revokeToken,
        IntrospectToken introspectToken,
        ShowDashboard showDashboard,
        ListAllowedApplications listAllowedApplications,
        RevokeApplication revokeApplication) {
    public HttpUseCases {
        Objects.requireNonNull(registerClient, "registerClient");
        Objects.requireNonNull(startAuthorization, "startAuthorization");
        Objects.requireNonNull(decideConsent, "decideConsent");
        Objects.requireNonNull(logIn, "logIn");
        Objects.requireNonNull(guardTokenEndpoints, "guardTokenEndpoints");
        Objects.requireNonNull(issueTokens, "issueTokens");
        Objects.requireNonNull(revokeToken, "revokeToken");
        Objects.requireNonNull(introspectToken, "introspectToken");
        Objects.requireNonNull(showDashboard, "showDashboard");
        Objects.requireNonNull(listAllowedApplications, "listAllowedApplications");
        Objects.requireNonNull(revokeApplication, "revokeApplication");
    }
}
