package io.mcpdcr.domain.authorization;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** A set of scope tokens in the order first given (RFC 6749 §3.3); written space-separated. */
public record ScopeSet(Set<String> values) {
    public static final ScopeSet EMPTY = new ScopeSet(Set.of());
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    public ScopeSet {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        for (String value : values) {
            if (!TOKEN.matcher(value).matches()) {
                throw new IllegalArgumentException("not a scope token");
            }
        }
    }

    /** Parses a space-separated scope string; empty tokens from repeated spaces are dropped. */
    public static ScopeSet parse(String scope) {
        if (scope == null || scope.isBlank()) {
            return EMPTY;
        }
        return new ScopeSet(new LinkedHashSet<>(Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).toList()));
    }

    /** Whether {@code scope} is a well-formed scope string: tokens separated by spaces. */
    public static boolean isWellFormed(String scope) {
        return Arrays.stream(scope.split(" ")).allMatch(token -> token.isEmpty() || TOKEN.matcher(token).matches());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean containsAll(ScopeSet other) {
        return values.containsAll(other.values);
    }

    /** This set with {@code scope} added at the end, when it is not in it already. */
    public ScopeSet with(String scope) {
        Set<String> more = new LinkedHashSet<>(values);
        more.add(scope);
        return new ScopeSet(more);
    }

    /** This set without {@code scope}. */
    public ScopeSet without(String scope) {
        Set<String> fewer = new LinkedHashSet<>(values);
        fewer.remove(scope);
        return new ScopeSet(fewer);
    }

    @Override
    public String toString() {
        return String.join(" ", values);
    }
}
