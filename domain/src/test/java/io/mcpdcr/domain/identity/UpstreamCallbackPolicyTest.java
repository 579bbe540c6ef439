package io.mcpdcr.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamCallbackPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    private static UpstreamTransaction transaction(boolean used) {
        return new UpstreamTransaction("state-hash", "oidc", "browser-hash", "nonce", "verifier", "q=1", "", NOW,
                NOW.plus(UpstreamTransaction.LIFETIME), used);
    }

    @Test
    void aLiveUnusedTransactionOfThisBrowserAndProviderProceeds() {
        assertThat(UpstreamCallbackPolicy.check(Optional.of(transaction(false)), "oidc", Optional.of("browser-hash"),
                NOW.plusSeconds(60))).isInstanceOf(CallbackCheck.Proceed.class);
    }

    @Test
    void eachWayACallbackGoesWrongHasItsAnswer() {
        assertThat(UpstreamCallbackPolicy.check(Optional.empty(), "oidc", Optional.of("browser-hash"), NOW))
                .isInstanceOf(CallbackCheck.Unknown.class);
        assertThat(UpstreamCallbackPolicy.check(Optional.of(transaction(true)), "oidc", Optional.of("browser-hash"),
                NOW)).isInstanceOf(CallbackCheck.Replayed.class);
        assertThat(UpstreamCallbackPolicy.check(Optional.of(transaction(false)), "oidc", Optional.of("browser-hash"),
                NOW.plus(UpstreamTransaction.LIFETIME))).isInstanceOf(CallbackCheck.Expired.class);
        assertThat(UpstreamCallbackPolicy.check(Optional.of(transaction(false)), "oidc", Optional.empty(), NOW))
                .isInstanceOf(CallbackCheck.Mismatched.class);
        assertThat(UpstreamCallbackPolicy.check(Optional.of(transaction(false)), "oidc", Optional.of("other"), NOW))
                .isInstanceOf(CallbackCheck.Mismatched.class);
        assertThat(UpstreamCallbackPolicy.check(Optional.of(transaction(false)), "github",
                Optional.of("browser-hash"), NOW)).isInstanceOf(CallbackCheck.Mismatched.class);
    }

    @Test
    void accountNamesNeverCollideWithLocalUsersAndFitTheColumn() {
        assertThat(ExternalAccountName.of("oidc", "248289761001")).isEqualTo("oidc:248289761001");
        String long_ = ExternalAccountName.of("oidc", "x".repeat(255));
        assertThat(long_).startsWith("oidc:").hasSizeLessThanOrEqualTo(100);
        assertThat(ExternalAccountName.of("oidc", "a b")).isNotEqualTo("oidc:a b").startsWith("oidc:");
    }
}
