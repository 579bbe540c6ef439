package io.mcpdcr.adapters.http;

import static io.mcpdcr.domain.registration.ClientMetadataNames.*;

import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The RFC 7591 §3.2.1 client information response: every registered field with its final value, no nulls. */
final class RegistrationJson {
    private RegistrationJson() {}

    static Map<String, Object> of(ClientRegistration client) {
        ClientMetadata metadata = client.metadata();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(CLIENT_ID, client.id().value());
        json.put(CLIENT_ID_ISSUED_AT, client.issuedAt().getEpochSecond());
        json.put(CLIENT_NAME, metadata.clientName());
        json.put(REDIRECT_URIS, metadata.redirectUris());
        json.put(GRANT_TYPES, metadata.grantTypes());
        json.put(RESPONSE_TYPES, metadata.responseTypes());
        json.put(TOKEN_ENDPOINT_AUTH_METHOD, metadata.tokenEndpointAuthMethod());
        putPresent(json, SCOPE, metadata.scope());
        putPresent(json, CLIENT_URI, metadata.clientUri());
        putPresent(json, LOGO_URI, metadata.logoUri());
        putPresent(json, TOS_URI, metadata.tosUri());
        putPresent(json, POLICY_URI, metadata.policyUri());
        if (!metadata.contacts().isEmpty()) {
            json.put(CONTACTS, metadata.contacts());
        }
        putPresent(json, SOFTWARE_ID, metadata.softwareId());
        putPresent(json, SOFTWARE_VERSION, metadata.softwareVersion());
        putPresent(json, APPLICATION_TYPE, metadata.applicationType());
        return json;
    }

    private static void putPresent(Map<String, Object> json, String name, Optional<String> value) {
        value.ifPresent(v -> json.put(name, v));
    }
}
