package io.mcpdcr.domain.registration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of a registered public client after defaults and substitutions (RFC 7591 §2). Built by
 * {@link ClientMetadataPolicy}, which guarantees every rule; the constructor only guards against misuse.
 */
public record ClientMetadata(
        String clientName,
        List<String> redirectUris,
        List<String> grantTypes,
        List<String> responseTypes,
        String tokenEndpointAuthMethod,
        Optional<String> scope,
        Optional<String> clientUri,
        Optional<String> logoUri,
        Optional<String> tosUri,
        Optional<String> policyUri,
        List<String> contacts,
        Optional<String> softwareId,
        Optional<String> softwareVersion,
        Optional<String> applicationType) {

    public ClientMetadata {
        Objects.requireNonNull(clientName, "clientName");
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
        responseTypes = List.copyOf(responseTypes);
        Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
        contacts = List.copyOf(contacts);
        if (redirectUris.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one redirect URI");
        }
    }

    /** Whether the client said it is a web application: its loopback redirect URIs then match on their port too. */
    public boolean isWebApplication() {
        return applicationType.equals(Optional.of(ClientMetadataPolicy.APPLICATION_TYPE_WEB));
    }

    /** Whether the client may use refresh tokens. */
    public boolean allowsRefreshTokens() {
        return grantTypes.contains(ClientMetadataPolicy.GRANT_REFRESH_TOKEN);
    }
}
