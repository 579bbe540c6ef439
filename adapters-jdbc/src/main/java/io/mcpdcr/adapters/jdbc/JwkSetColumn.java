package io.mcpdcr.adapters.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** The {@code jwks} column: a client's inline JWK Set, stored as the JSON its document gave. */
final class JwkSetColumn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JwkSetColumn() {}

    static String write(Map<String, Object> jwkSet) {
        try {
            return JSON.writeValueAsString(jwkSet);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a JWK Set of plain JSON values always serializes", e);
        }
    }

    static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored jwks column is not JSON", e);
        }
    }
}
