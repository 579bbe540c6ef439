package io.mcpdcr.domain.token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Form bodies as the HTTP adapter hands them over (name → every value, in order), and Authorization headers. */
final class TokenForms {
    static final String CLIENT = "client-1";
    static final String CODE = "the-code";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CALLBACK = "https://app.example/cb";
    static final String RESOURCE = "https://mcp.example.com/mcp";
    static final String REFRESH = "the-refresh-token";

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private TokenForms() {}

    static TokenForms form() {
        return new TokenForms();
    }

    static TokenForms codeRedemption() {
        return form().set("grant_type", "authorization_code").set("client_id", CLIENT).set("code", CODE)
                .set("code_verifier", VERIFIER).set("redirect_uri", CALLBACK);
    }

    static TokenForms refresh() {
        return form().set("grant_type", "refresh_token").set("client_id", CLIENT).set("refresh_token", REFRESH);
    }

    static Optional<String> basic(String id, String secret) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    /** Replaces the values of {@code name}; several values make it repeated. */
    TokenForms set(String name, String... vals) {
        values.put(name, new ArrayList<>(List.of(vals)));
        return this;
    }

    TokenForms without(String name) {
        values.remove(name);
        return this;
    }

    Map<String, List<String>> map() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, vals) -> copy.put(name, List.copyOf(vals)));
        return copy;
    }
}
