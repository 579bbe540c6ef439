package io.mcpdcr.domain.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The life of the keys that sign JWT access tokens. Time is cut into rotation slots; each slot gets one key, made and
 * published {@link #publishAhead()} before its slot begins, so a key set cached by a resource server already holds the
 * key that will sign next. The newest key whose activation has passed is the current one. A key that was followed
 * stays published until the last token it can have signed has expired (its successor's activation plus the access
 * token lifetime); then it is dropped.
 */
public final class SigningKeyPolicy {
    private static final Duration MAX_AHEAD = Duration.ofDays(1);
    private static final Duration MAX_CACHE = Duration.ofHours(1);

    private final Duration rotation;
    private final Duration tokenLifetime;

    public SigningKeyPolicy(Duration rotation, Duration tokenLifetime) {
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (rotation.compareTo(Duration.ofSeconds(4)) < 0 || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("rotation must be at least 4 s and the token lifetime positive");
        }
        this.rotation = rotation;
        this.tokenLifetime = tokenLifetime;
    }

    /** How long before its slot a key is published: a quarter of the rotation, at most a day. */
    public Duration publishAhead() {
        Duration quarter = rotation.dividedBy(4);
        return quarter.compareTo(MAX_AHEAD) < 0 ? quarter : MAX_AHEAD;
    }

    /**
     * How long the key set may be cached, and how often the key ring is checked: a quarter of the publication lead,
     * at most an hour. A key published late by one check and missed by one cache period is still known ahead of use.
     */
    public Duration cacheLifetime() {
        Duration quarter = publishAhead().dividedBy(4);
        return quarter.compareTo(MAX_CACHE) < 0 ? quarter : MAX_CACHE;
    }

    public long slotAt(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), rotation.toMillis());
    }

    private Instant slotStart(long slot) {
        return Instant.ofEpochMilli(slot * rotation.toMillis());
    }

    /** The key that signs at {@code now}: the newest one activated. */
    public Optional<SigningKey> current(List<SigningKey> keys, Instant now) {
        return keys.stream()
                .filter(key -> !key.activatesAt().isAfter(now))
                .max(Comparator.comparing(SigningKey::activatesAt).thenComparing(SigningKey::slot));
    }

    /** The keys a resource server needs at {@code now}: the current, the next and those whose tokens may live. */
    public List<SigningKey> published(List<SigningKey> keys, Instant now) {
        return keys.stream().filter(key -> !droppable(key, keys, now)).toList();
    }

    /** A key is dropped once its first successor has been signing for longer than any token lives. */
    private boolean droppable(SigningKey key, List<SigningKey> keys, Instant now) {
        return keys.stream()
                .filter(other -> other.activatesAt().isAfter(key.activatesAt()) && !other.activatesAt().isAfter(now))
                .map(SigningKey::activatesAt)
                .min(Comparator.naturalOrder())
                .map(followedAt -> !now.isBefore(followedAt.plus(tokenLifetime)))
                .orElse(false);
    }

    /**
     * What to make and drop now; making the same slot twice is harmless, the store keeps the first. Keys are judged by
     * when they sign, not by their slot number, so a changed rotation period (which renumbers the slots) still rotates.
     */
    public Plan plan(List<SigningKey> keys, Instant now) {
        long slot = slotAt(now);
        Instant start = slotStart(slot);
        Instant next = slotStart(slot + 1);
        List<NewKey> create = new ArrayList<>();
        if (keys.isEmpty()) {
            create.add(new NewKey(slot, start)); // the first start: sign at once
        } else if (keys.stream().noneMatch(key -> !key.activatesAt().isBefore(start))) {
            // No instance ran during the lead (all were down): publish now, sign once caches can have seen it.
            create.add(new NewKey(slot, now.plus(publishAhead())));
        }
        boolean nextDue = !now.isBefore(next.minus(publishAhead()));
        if (nextDue && keys.stream().noneMatch(key -> !key.activatesAt().isBefore(next))) {
            create.add(new NewKey(slot + 1, next));
        }
        List<String> drop = keys.stream().filter(key -> droppable(key, keys, now)).map(SigningKey::kid).toList();
        return new Plan(create, drop);
    }

    /** A key to make for {@code slot}, signing from {@code activatesAt}. */
    public record NewKey(long slot, Instant activatesAt) {}

    /** The keys to make and the kids to drop. */
    public record Plan(List<NewKey> create, List<String> drop) {
        public Plan {
            create = List.copyOf(create);
            drop = List.copyOf(drop);
        }
    }
}
