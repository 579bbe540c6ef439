package io.mcpdcr.domain.registration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of a registered client (public, or private_key_jwt when known by its document) after defaults and substitutions (RFC 7591 §2). Built by
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
        Optional<String> applicationType,
        Optional<ClientKeys> keys) {

    /** A public client: it authenticates with nothing, so it has no keys. */
    public ClientMetadata(String clientName, List<String> redirectUris, List<String> grantTypes,
            List<String> responseTypes, String tokenEndpointAuthMethod, Optional<String> scope,
            Optional<String> clientUri, Optional<String> logoUri, Optional<String> tosUri, Optional<String> policyUri,
            List<String> contacts, Optional<String> softwareId, Optional<String> softwareVersion,
            Optional<String> applicationType) {
        this(clientName, redirectUris, grantTypes, responseTypes, tokenEndpointAuthMethod, scope, clientUri, logoUri,
                tosUri, policyUri, contacts, softwareId, softwareVersion, applicationType, Optional.empty());
    }

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
        if (keys.isPresent() != tokenEndpointAuthMethod.equals(ClientMetadataPolicy.AUTH_METHOD_PRIVATE_KEY_JWT)) {
            throw new IllegalArgumentException("keys go with private_key_jwt, and only with it");
        }
    }

    /** Whether the client proves who it is with a signed assertion (RFC 7523 §2.2) rather than being public. */
    public boolean authenticatesWithKeys() {
        return keys.isPresent();
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
