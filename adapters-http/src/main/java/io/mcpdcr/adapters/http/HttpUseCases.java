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
import java.util.Objects;

/** The use cases the HTTP adapter drives. */
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
        RevokeApplication revokeApplication) {
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
    }
}
