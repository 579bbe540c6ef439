package io.mcpdcr.domain.monitoring;

import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.token.OpaqueToken;

/**
 * A short digest of the metadata that identifies "the same client registering again": name, redirect URIs, grants,
 * scope and software. Equal digests mean identical registrations, which a burst of is worth a look.
 */
public final class MetadataFingerprint {
    private MetadataFingerprint() {}

    public static String of(ClientMetadata metadata) {
        String joined = String.join("\u0000", metadata.clientName(), String.join(" ", metadata.redirectUris()),
                String.join(" ", metadata.grantTypes()), metadata.scope().orElse(""),
                metadata.softwareId().orElse(""), metadata.softwareVersion().orElse(""));
        return OpaqueToken.hash(joined).substring(0, 16);
    }
}
