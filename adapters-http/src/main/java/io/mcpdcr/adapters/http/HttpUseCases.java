package io.mcpdcr.adapters.http;

import io.mcpdcr.application.admin.AdminAccess;
import io.mcpdcr.application.admin.ManageClients;
import io.mcpdcr.application.admin.ManageUsers;
import io.mcpdcr.application.admin.ReviewFindings;
import io.mcpdcr.application.account.ListAllowedApplications;
import io.mcpdcr.application.account.RevokeApplication;
import io.mcpdcr.application.authorization.DecideConsent;
import io.mcpdcr.application.authorization.LogIn;
import io.mcpdcr.application.authorization.StartAuthorization;
import io.mcpdcr.application.monitoring.ShowDashboard;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.application.token.GuardTokenEndpoints;
import io.mcpdcr.application.token.IntrospectToken;
import io.mcpdcr.application.token.RedeemAuthorizationCode;
import io.mcpdcr.application.token.RefuseIncompleteGrant;
import io.mcpdcr.application.token.RevokeToken;
import io.mcpdcr.application.token.RotateRefreshToken;
import io.mcpdcr.application.token.SigningKeyRing;
import java.util.Objects;
import java.util.Optional;

/** The use cases the HTTP adapter drives; {@code signingKeys} when access tokens are JWTs. */
public record HttpUseCases(
        RegisterClient registerClient,
        StartAuthorization startAuthorization,
        DecideConsent decideConsent,
        LogIn logIn,
        GuardTokenEndpoints guardTokenEndpoints,
        RedeemAuthorizationCode redeemAuthorizationCode,
        RotateRefreshToken rotateRefreshToken,
        RefuseIncompleteGrant refuseIncompleteGrant,
        RevokeToken revokeToken,
        IntrospectToken introspectToken,
        ShowDashboard showDashboard,
        AdminAccess adminAccess,
        ManageClients manageClients,
        ManageUsers manageUsers,
        ReviewFindings reviewFindings,
        ListAllowedApplications listAllowedApplications,
        RevokeApplication revokeApplication,
        Optional<SigningKeyRing> signingKeys) {
    /** The use cases of a server issuing opaque access tokens: no key set to publish. */
    public HttpUseCases(RegisterClient registerClient, StartAuthorization startAuthorization, DecideConsent decideConsent,
            LogIn logIn, GuardTokenEndpoints guardTokenEndpoints, RedeemAuthorizationCode redeemAuthorizationCode,
            RotateRefreshToken rotateRefreshToken, RefuseIncompleteGrant refuseIncompleteGrant, RevokeToken revokeToken,
            IntrospectToken introspectToken, ShowDashboard showDashboard, AdminAccess adminAccess,
            ManageClients manageClients, ManageUsers manageUsers, ReviewFindings reviewFindings,
            ListAllowedApplications listAllowedApplications, RevokeApplication revokeApplication) {
        this(registerClient, startAuthorization, decideConsent, logIn, guardTokenEndpoints, redeemAuthorizationCode,
                rotateRefreshToken, refuseIncompleteGrant, revokeToken, introspectToken, showDashboard, adminAccess,
                manageClients, manageUsers, reviewFindings, listAllowedApplications, revokeApplication,
                Optional.empty());
    }

    public HttpUseCases {
        Objects.requireNonNull(registerClient, "registerClient");
        Objects.requireNonNull(startAuthorization, "startAuthorization");
        Objects.requireNonNull(decideConsent, "decideConsent");
        Objects.requireNonNull(logIn, "logIn");
        Objects.requireNonNull(guardTokenEndpoints, "guardTokenEndpoints");
        Objects.requireNonNull(redeemAuthorizationCode, "redeemAuthorizationCode");
        Objects.requireNonNull(rotateRefreshToken, "rotateRefreshToken");
        Objects.requireNonNull(refuseIncompleteGrant, "refuseIncompleteGrant");
        Objects.requireNonNull(revokeToken, "revokeToken");
        Objects.requireNonNull(introspectToken, "introspectToken");
        Objects.requireNonNull(showDashboard, "showDashboard");
        Objects.requireNonNull(adminAccess, "adminAccess");
        Objects.requireNonNull(manageClients, "manageClients");
        Objects.requireNonNull(manageUsers, "manageUsers");
        Objects.requireNonNull(reviewFindings, "reviewFindings");
        Objects.requireNonNull(listAllowedApplications, "listAllowedApplications");
        Objects.requireNonNull(revokeApplication, "revokeApplication");
        Objects.requireNonNull(signingKeys, "signingKeys");
    }
}
