package io.mcpdcr.application.registration;

import io.mcpdcr.domain.registration.RegistrationSource;
import java.util.Objects;

/** One attempt to register: what was submitted, and who submitted it. */
public record RegistrationRequest(SubmittedMetadata metadata, RegistrationSource source) {
    public RegistrationRequest {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(source, "source");
    }
}
