package io.mcpdcr.domain.registration;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A registered public client (RFC 7591 §3.2.1): its identifier, its metadata, when and from where it registered.
 * Public clients have no secret, so there is none to hold.
 */
public record ClientRegistration(ClientId id, ClientMetadata metadata, Instant issuedAt, RegistrationSource source) {
    public ClientRegistration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(source, "source");
        // Stores keep microseconds at most; truncating here makes a stored client equal to the one issued.
        issuedAt = issuedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
