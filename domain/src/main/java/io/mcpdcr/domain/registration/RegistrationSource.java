package io.mcpdcr.domain.registration;

import java.util.Objects;
import java.util.Optional;

/** Where a registration came from, kept to monitor abuse: the client IP and the User-Agent it sent. */
public record RegistrationSource(String address, Optional<String> userAgent) {
    /** User-Agent headers are truncated to this many code points before they are stored. */
    public static final int MAX_USER_AGENT = 512;

    public RegistrationSource {
        Objects.requireNonNull(address, "address");
        userAgent = userAgent.filter(ua -> !ua.isBlank()).map(RegistrationSource::storable);
    }

    /** At most {@link #MAX_USER_AGENT} whole code points, control characters replaced: it is stored and logged. */
    private static String storable(String userAgent) {
        StringBuilder kept = new StringBuilder();
        userAgent.codePoints().limit(MAX_USER_AGENT)
                .map(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE ? '?' : cp)
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }
}
