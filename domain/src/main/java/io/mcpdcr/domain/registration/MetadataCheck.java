package io.mcpdcr.domain.registration;

/** The verdict of {@link ClientMetadataPolicy}: the metadata to register, or the first rule broken. */
public sealed interface MetadataCheck {
    record Valid(ClientMetadata metadata) implements MetadataCheck {}

    record Invalid(RegistrationError error) implements MetadataCheck {}
}
