package io.mcpdcr.domain.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeyPolicyTest {
    private static final Duration ROTATION = Duration.ofDays(30);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private final SigningKeyPolicy policy = new SigningKeyPolicy(ROTATION, TOKEN_LIFETIME);
    /** The start of slot 700 of 30 days. */
    private final Instant slotStart = Instant.ofEpochMilli(700 * ROTATION.toMillis());

    @Test
    void leadAndCacheLifetimeFollowTheRotationWithinBounds() {
        assertThat(policy.publishAhead()).isEqualTo(Duration.ofDays(1));
        assertThat(policy.cacheLifetime()).isEqualTo(Duration.ofHours(1));
        var fast = new SigningKeyPolicy(Duration.ofMinutes(4), TOKEN_LIFETIME);
        assertThat(fast.publishAhead()).isEqualTo(Duration.ofMinutes(1));
        assertThat(fast.cacheLifetime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fast.cacheLifetime()).as("a cached set is younger than the lead").isLessThan(fast.publishAhead());
        assertThatThrownBy(() -> new SigningKeyPolicy(Duration.ofSeconds(1), TOKEN_LIFETIME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstStartMakesAKeyThatSignsAtOnce() {
        Instant now = slotStart.plus(Duration.ofDays(3));
        SigningKeyPolicy.Plan plan = policy.plan(List.of(), now);
        assertThat(plan.create()).containsExactly(new SigningKeyPolicy.NewKey(700, slotStart));
        assertThat(plan.drop()).isEmpty();
        assertThat(policy.plan(List.of(key("a", plan.create().get(0))), now).create())
                .as("nothing more until the next key is due").isEmpty();
    }

    @Test
    void aKeyLivesItsWholeCycleFromPublishedAheadToDropped() {
        List<SigningKey> keys = new ArrayList<>(List.of(new SigningKey("a", 700, "ES256", "{}", slotStart)));
        Instant beforeLead = slotStart.plus(ROTATION).minus(policy.publishAhead()).minusSeconds(1);
        assertThat(policy.plan(keys, beforeLead).create()).isEmpty();

        Instant inLead = beforeLead.plusSeconds(1);
        SigningKeyPolicy.Plan next = policy.plan(keys, inLead);
        assertThat(next.create()).containsExactly(new SigningKeyPolicy.NewKey(701, slotStart.plus(ROTATION)));
        keys.add(key("b", next.create().get(0)));
        assertThat(policy.current(keys, inLead).orElseThrow().kid()).as("published, not yet signing").isEqualTo("a");
        assertThat(policy.published(keys, inLead)).extracting(SigningKey::kid).containsExactly("a", "b");

        Instant rotated = slotStart.plus(ROTATION);
        assertThat(policy.current(keys, rotated).orElseThrow().kid()).isEqualTo("b");
        Instant lastTokenOfA = rotated.plus(TOKEN_LIFETIME).minusMillis(1);
        assertThat(policy.published(keys, lastTokenOfA)).as("a's last token still lives").extracting(SigningKey::kid)
                .containsExactly("a", "b");
        assertThat(policy.plan(keys, lastTokenOfA).drop()).isEmpty();

        Instant allExpired = rotated.plus(TOKEN_LIFETIME);
        assertThat(policy.published(keys, allExpired)).extracting(SigningKey::kid).containsExactly("b");
        assertThat(policy.plan(keys, allExpired).drop()).containsExactly("a");
    }

    @Test
    void afterADowntimeLongerThanTheLeadTheMissedKeyIsPublishedBeforeItSigns() {
        List<SigningKey> keys = List.of(new SigningKey("a", 700, "ES256", "{}", slotStart));
        Instant later = slotStart.plus(ROTATION.multipliedBy(2)).plus(Duration.ofDays(2));
        SigningKeyPolicy.Plan plan = policy.plan(keys, later);
        assertThat(plan.create()).containsExactly(new SigningKeyPolicy.NewKey(702, later.plus(policy.publishAhead())));
        assertThat(plan.drop()).as("a still signs until its successor does").isEmpty();
        List<SigningKey> withNew = List.of(keys.get(0), key("c", plan.create().get(0)));
        assertThat(policy.current(withNew, later).orElseThrow().kid()).isEqualTo("a");
        assertThat(policy.current(withNew, later.plus(policy.publishAhead())).orElseThrow().kid()).isEqualTo("c");
    }

    @Test
    void aLongerRotationPeriodStillRotatesThoughItRenumbersTheSlots() {
        var weekly = new SigningKeyPolicy(Duration.ofDays(7), TOKEN_LIFETIME);
        Instant now = slotStart.plus(Duration.ofDays(3));
        long weeklySlot = weekly.slotAt(now.minus(Duration.ofDays(40)));
        List<SigningKey> keys = List.of(new SigningKey("old", weeklySlot, "ES256", "{}", now.minus(Duration.ofDays(40))));
        assertThat(weeklySlot).isGreaterThan(policy.slotAt(now));

        assertThat(policy.plan(keys, now).create())
                .containsExactly(new SigningKeyPolicy.NewKey(700, now.plus(policy.publishAhead())));
    }

    private static SigningKey key(String kid, SigningKeyPolicy.NewKey slot) {
        return new SigningKey(kid, slot.slot(), "ES256", "{}", slot.activatesAt());
    }
}
