package io.mcpdcr.application.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.fakes.InMemoryOAuthStores;
import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.port.ExternalAccounts;
import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.UpstreamProvider;
import io.mcpdcr.application.port.UpstreamTransactions;
import io.mcpdcr.domain.identity.ExternalIdentity;
import io.mcpdcr.domain.identity.RequiredClaim;
import io.mcpdcr.domain.identity.SignInPolicy;
import io.mcpdcr.domain.identity.UpstreamTransaction;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.pkce.Pkce;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Start and completion of an upstream sign-in with in-memory ports and a scripted provider. */
class UpstreamSignInTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T00:00:00Z"));
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final InMemoryOAuthStores sessions = new InMemoryOAuthStores();
    private final MemoryTransactions transactions = new MemoryTransactions();
    private final List<String> provisioned = new ArrayList<>();
    private final ScriptedProvider provider = new ScriptedProvider();
    private final UpstreamProviders providers = new UpstreamProviders(List.of(provider), "https://auth.example");
    private final ExternalAccounts accounts = (identity, name, admin, now) -> provisioned.add(name + admin);
    private final BudgetThrottle perAddress = new BudgetThrottle(2, Duration.ofMinutes(1));
    private final StartUpstreamSignIn start = new StartUpstreamSignIn(providers, transactions,
            new LoginLimits(perAddress, 64, FailureBudget.unlimited(), FailureBudget.unlimited()), 3, clock,
            new Random(1));
    private final CompleteUpstreamSignIn complete = new CompleteUpstreamSignIn(providers, transactions,
            new SignInPolicy(Set.of("example.com"), Optional.of(RequiredClaim.parse("groups=mcp")), Set.of(),
                    Set.of("alice@example.com")),
            accounts, sessions, audit, clock, new Random(2), Duration.ofHours(12));

    @Test
    void aStartSendsPkceStateAndNonceAndTheCallbackSignsInOnce() {
        var redirect = (StartUpstreamSignIn.Outcome.Redirect) start.start("oidc", "client_id=c", "", "192.0.2.1");
        assertThat(provider.challenge).isNotEmpty();
        provider.answer = verified("alice@example.com", true, List.of("mcp"));

        var outcome = complete.complete("oidc", Map.of("state", List.of(provider.state), "code", List.of("c1")),
                Optional.of(redirect.browserSecret()), "192.0.2.1");

        assertThat(outcome).isInstanceOf(CompleteUpstreamSignIn.Outcome.SignedIn.class);
        var signedIn = (CompleteUpstreamSignIn.Outcome.SignedIn) outcome;
        assertThat(signedIn.returnTo()).isEqualTo("client_id=c");
        assertThat(Pkce.matches(provider.challenge, provider.verifier)).as("the verifier matches the challenge").isTrue();
        assertThat(provider.nonce).isEqualTo(provider.sentNonce);
        assertThat(provisioned).containsExactly("oidc:sub-1true");
        assertThat(audit.events()).extracting(AuditEvent::action).containsExactly(AuditEvent.AuditAction.UPSTREAM_LOGIN);

        var again = complete.complete("oidc", Map.of("state", List.of(provider.state), "code", List.of("c1")),
                Optional.of(redirect.browserSecret()), "192.0.2.1");
        assertThat(again).isEqualTo(new CompleteUpstreamSignIn.Outcome.Failed(CompleteUpstreamSignIn.Failure.REPLAYED,
                Optional.empty()));
        assertThat(audit.refused(AuditEvent.AuditAction.UPSTREAM_LOGIN, "replayed", "192.0.2.1")).isEqualTo(1);
    }

    @Test
    void aRefusedPersonGetsNoAccountAndNoSessionAndARejectedAnswerNeither() {
        var redirect = (StartUpstreamSignIn.Outcome.Redirect) start.start("oidc", "q", "", "192.0.2.1");
        provider.answer = verified("bob@elsewhere.org", true, List.of("mcp"));
        var refused = complete.complete("oidc", Map.of("state", List.of(provider.state), "code", List.of("c")),
                Optional.of(redirect.browserSecret()), "192.0.2.1");
        assertThat(refused).isInstanceOf(CompleteUpstreamSignIn.Outcome.Refused.class);

        var second = (StartUpstreamSignIn.Outcome.Redirect) start.start("oidc", "q", "", "192.0.2.1");
        provider.answer = new UpstreamProvider.Answer.Rejected("bad signature");
        var rejected = complete.complete("oidc", Map.of("state", List.of(provider.state), "code", List.of("c")),
                Optional.of(second.browserSecret()), "192.0.2.1");
        assertThat(rejected).extracting(o -> ((CompleteUpstreamSignIn.Outcome.Failed) o).failure())
                .isEqualTo(CompleteUpstreamSignIn.Failure.ANSWER_REJECTED);
        assertThat(provisioned).isEmpty();
        assertThat(audit.events()).singleElement().extracting(AuditEvent::errorCode)
                .isEqualTo(Optional.of("domain_not_allowed"));
    }

    @Test
    void startsAreThrottledPerAddressAndBoundedInAll() {
        assertThat(start.start("oidc", "q", "", "192.0.2.1")).isInstanceOf(StartUpstreamSignIn.Outcome.Redirect.class);
        assertThat(start.start("oidc", "q", "", "192.0.2.1")).isInstanceOf(StartUpstreamSignIn.Outcome.Redirect.class);
        assertThat(start.start("oidc", "q", "", "192.0.2.1"))
                .isInstanceOf(StartUpstreamSignIn.Outcome.Throttled.class);
        assertThat(start.start("oidc", "q", "", "198.51.100.7"))
                .isInstanceOf(StartUpstreamSignIn.Outcome.Redirect.class);
        assertThat(start.start("oidc", "q", "", "203.0.113.9")).as("3 live at most")
                .isInstanceOf(StartUpstreamSignIn.Outcome.Crowded.class);
        assertThat(start.start("ldap", "q", "", "203.0.113.10"))
                .isInstanceOf(StartUpstreamSignIn.Outcome.UnknownProvider.class);
        provider.down = true;
        clock.advance(UpstreamTransaction.LIFETIME);
        assertThat(start.start("oidc", "q", "", "203.0.113.11"))
                .isInstanceOf(StartUpstreamSignIn.Outcome.ProviderDown.class);
    }

    private static UpstreamProvider.Answer verified(String email, boolean verified, List<String> groups) {
        return new UpstreamProvider.Answer.Verified(new ExternalIdentity("oidc", "sub-1", Optional.empty(),
                Optional.of(email), verified, Optional.of("Someone"), Map.of("groups", groups), Set.of()));
    }

    /** A provider that records what it was sent and answers what the test set. */
    private static final class ScriptedProvider implements UpstreamProvider {
        String state;
        String sentNonce;
        String challenge = "";
        String verifier;
        String nonce;
        boolean down;
        Answer answer;

        @Override
        public String id() {
            return "oidc";
        }

        @Override
        public String displayName() {
            return "Corp";
        }

        @Override
        public Optional<URI> authorizationUrl(String state, String nonce, String codeChallenge, URI callback) {
            this.state = state;
            this.sentNonce = nonce;
            this.challenge = codeChallenge;
            return down ? Optional.empty() : Optional.of(URI.create("https://idp.example/authorize"));
        }

        @Override
        public Answer exchange(String code, String codeVerifier, String nonce, URI callback) {
            this.verifier = codeVerifier;
            this.nonce = nonce;
            return answer;
        }
    }

    private static final class MemoryTransactions implements UpstreamTransactions {
        private final Map<String, UpstreamTransaction> rows = new HashMap<>();

        @Override
        public boolean begin(UpstreamTransaction transaction, int maxLive, Instant now) {
            if (rows.values().stream().filter(row -> row.expiresAt().isAfter(now)).count() >= maxLive) {
                return false;
            }
            rows.put(transaction.stateHash(), transaction);
            return true;
        }

        @Override
        public Optional<UpstreamTransaction> find(String stateHash) {
            return Optional.ofNullable(rows.get(stateHash));
        }

        @Override
        public boolean spend(String stateHash) {
            UpstreamTransaction row = rows.get(stateHash);
            if (row == null || row.used()) {
                return false;
            }
            rows.put(stateHash, new UpstreamTransaction(row.stateHash(), row.provider(), row.browserHash(),
                    row.nonce(), row.codeVerifier(), row.returnTo(), row.destination(), row.createdAt(),
                    row.expiresAt(), true));
            return true;
        }
    }
}
