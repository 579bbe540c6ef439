package io.mcpdcr.adapters.ratelimit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** At most {@code count} attempts per {@code period}, per key. */
public record RateLimit(int count, Duration period) {
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    // Far beyond any sensible limit, and well inside the nanosecond range Resilience4j computes in.
    private static final Duration MAX_PERIOD = Duration.ofDays(365);
    // Nine digits at most, so neither number can overflow before the range checks see it.
    private static final Pattern SPEC =
            Pattern.compile("([0-9]{1,9})/([0-9]{1,9})([smhd])", Pattern.CASE_INSENSITIVE);
    private static final String SYNTAX = "expected <count>/<duration> such as 20/1h, 5/30s, 10/15m or 1000/1d"
            + " (count at least 1; duration a positive whole number followed by s, m, h or d, at most 365d), or off";

    public RateLimit {
        Objects.requireNonNull(period, "period");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("period must be between 1s and 365d, got " + period);
        }
    }

    /**
     * Reads the configuration syntax {@code <count>/<duration>} ({@code 20/1h}), or {@code off} for no limit.
     *
     * @throws IllegalArgumentException naming the accepted syntax; the caller prefixes the variable name
     */
    public static Optional<RateLimit> parse(String spec) {
        String value = Objects.requireNonNull(spec, "spec").trim();
        if (value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        Matcher m = SPEC.matcher(value);
        if (!m.matches()) {
            throw invalid(value);
        }
        Duration period = Duration.of(Long.parseLong(m.group(2)), unit(m.group(3)));
        try {
            return Optional.of(new RateLimit(Integer.parseInt(m.group(1)), period));
        } catch (IllegalArgumentException e) {
            throw invalid(value); // zero count or period, or a period past the cap: same answer as bad syntax
        }
    }

    private static ChronoUnit unit(String letter) {
        return switch (letter.toLowerCase(Locale.ROOT)) {
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS; // the pattern admits only s, m, h and d
        };
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(SYNTAX + "; got \"" + value + "\"");
    }
}
