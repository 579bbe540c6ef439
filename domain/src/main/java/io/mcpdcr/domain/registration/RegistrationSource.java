package io.mcpdcr.domain.registration;

import java.util.Objects;
import java.util.Optional;

/** Where a registration came from, kept to monitor abuse: the client IP and the User-Agent it sent. */
public record RegistrationSource(String address, Optional<String> userAgent) {
    /** User-Agent headers are truncated to this many characters before they are stored. */
    public static final int MAX_USER_AGENT = 512;

    public RegistrationSource {
        Objects.requireNonNull(address, "address");
        userAgent = userAgent.filter(ua -> !ua.isBlank())
                .map(ua -> ua.length() > MAX_USER_AGENT ? ua.substring(0, MAX_USER_AGENT) : ua);
    }
}
