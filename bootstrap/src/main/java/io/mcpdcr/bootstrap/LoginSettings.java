package io.mcpdcr.bootstrap;

import io.mcpdcr.domain.identity.RequiredClaim;
import io.mcpdcr.domain.identity.SignInPolicy;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * How people sign in: {@code DCR_LOGIN}, the OpenID Connect and GitHub providers' settings, and the allow rules.
 *
 * @param local whether the username and password form is offered
 */
record LoginSettings(
        boolean local,
        Optional<Oidc> oidc,
        Optional<GitHub> github,
        Set<String> allowedDomains,
        Optional<RequiredClaim> requiredClaim,
        Set<String> githubOrgs,
        Set<String> admins) {

    /** {@code DCR_OIDC_*}: discovery from {@code <issuer>/.well-known/openid-configuration}. */
    record Oidc(URI issuer, String clientId, String clientSecret, String scopes, String name) {
        @Override
        public String toString() {
            return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", scopes=" + scopes + ", name=" + name + "]";
        }
    }

    /** {@code DCR_GITHUB_*}: github.com or a GitHub Enterprise Server. */
    record GitHub(URI url, String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "GitHub[url=" + url + ", clientId=" + clientId + "]";
        }
    }

    SignInPolicy policy() {
        return new SignInPolicy(allowedDomains, requiredClaim, githubOrgs, admins);
    }
}
