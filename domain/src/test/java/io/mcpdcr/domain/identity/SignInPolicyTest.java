package io.mcpdcr.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignInPolicyTest {
    private static ExternalIdentity person(String email, boolean verified, Map<String, Object> claims) {
        return new ExternalIdentity("oidc", "sub-1", Optional.of("alice"), Optional.of(email), verified,
                Optional.of("Alice"), claims, Set.of());
    }

    @Test
    void withoutRulesEveryoneVouchedForMaySignInAndNobodyIsAdmin() {
        assertThat(SignInPolicy.open().check(person("a@x.org", false, Map.of())))
                .isEqualTo(new SignInCheck.Allowed(false));
    }

    @Test
    void domainsNeedAVerifiedEmailInOneOfThemIgnoringCase() {
        var policy = new SignInPolicy(Set.of("Example.com"), Optional.empty(), Set.of(), Set.of());
        assertThat(policy.check(person("alice@EXAMPLE.com", true, Map.of()))).isInstanceOf(SignInCheck.Allowed.class);
        assertThat(policy.check(person("alice@example.com", false, Map.of())))
                .extracting(check -> ((SignInCheck.Refused) check).reason())
                .isEqualTo(SignInCheck.Reason.EMAIL_UNVERIFIED);
        assertThat(policy.check(person("alice@example.com.evil.org", true, Map.of())))
                .extracting(check -> ((SignInCheck.Refused) check).reason())
                .isEqualTo(SignInCheck.Reason.DOMAIN_NOT_ALLOWED);
        assertThat(policy.check(person("alice@sub.example.com", true, Map.of())))
                .as("a subdomain is another domain").isInstanceOf(SignInCheck.Refused.class);
    }

    @Test
    void aRequiredClaimMatchesAStringOrAnEntryOfAnArray() {
        var policy = new SignInPolicy(Set.of(), Optional.of(RequiredClaim.parse("groups=mcp-users")), Set.of(),
                Set.of());
        assertThat(policy.check(person("a@x.org", true, Map.of("groups", List.of("staff", "mcp-users")))))
                .isInstanceOf(SignInCheck.Allowed.class);
        assertThat(policy.check(person("a@x.org", true, Map.of("groups", "mcp-users"))))
                .isInstanceOf(SignInCheck.Allowed.class);
        assertThat(policy.check(person("a@x.org", true, Map.of("groups", List.of("mcp-users-old")))))
                .isInstanceOf(SignInCheck.Refused.class);
        assertThat(policy.check(person("a@x.org", true, Map.of()))).isInstanceOf(SignInCheck.Refused.class);
    }

    @Test
    void organisationsApplyToGitHubIdentities() {
        var policy = new SignInPolicy(Set.of(), Optional.empty(), Set.of("acme"), Set.of());
        var member = new ExternalIdentity("github", "1", Optional.of("octo"), Optional.empty(), false,
                Optional.empty(), Map.of(), Set.of("ACME"));
        var stranger = new ExternalIdentity("github", "2", Optional.of("x"), Optional.empty(), false,
                Optional.empty(), Map.of(), Set.of("other"));
        assertThat(policy.check(member)).isInstanceOf(SignInCheck.Allowed.class);
        assertThat(policy.check(stranger)).extracting(check -> ((SignInCheck.Refused) check).reason())
                .isEqualTo(SignInCheck.Reason.ORGANISATION_MISSING);
    }

    @Test
    void adminsAreNamedByVerifiedEmailOrByAUsernameWithoutAt() {
        var policy = new SignInPolicy(Set.of(), Optional.empty(), Set.of(), Set.of("Boss@Example.com", "alice"));
        assertThat(policy.check(person("boss@example.com", true, Map.of()))).isEqualTo(new SignInCheck.Allowed(true));
        assertThat(policy.check(new ExternalIdentity("oidc", "s", Optional.of("boss@example.com"),
                Optional.of("boss@example.com"), false, Optional.empty(), Map.of(), Set.of())))
                .as("an unverified email, even as preferred_username, names nobody")
                .isEqualTo(new SignInCheck.Allowed(false));
        assertThat(policy.check(person("someone@x.org", false, Map.of()))).as("username alice")
                .isEqualTo(new SignInCheck.Allowed(true));
    }
}
