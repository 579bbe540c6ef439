package io.mcpdcr.domain.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registration attempt as the abuse scan sees it: created ones carry the client's name, redirect hosts and a
 * fingerprint of its metadata; refused ones carry their error code.
 *
 * @param fingerprint equal for registrations with identical metadata (name, redirect URIs, grants, scope, software)
 */
public record RegistrationAttempt(
        Instant at,
        String address,
        boolean created,
        Optional<String> errorCode,
        Optional<String> clientName,
        List<String> redirectHosts,
        Optional<String> fingerprint) {
    public RegistrationAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(address, "address");
        redirectHosts = List.copyOf(redirectHosts);
    }
}
