package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.TokenGrant;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rows the store contracts need around the one under test: clients, users, hashes and grants. */
final class Fixtures {
    static final SecureRandom RANDOM = new SecureRandom();
    // Microseconds, what both databases keep: stored records then read back equal.
    static final Instant NOW = Instant.parse("2026-03-08T01:59:59.123456Z");
    static final ScopeSet SCOPES = ScopeSet.parse("mcp:tools mcp:read");
    static final String RESOURCE = "https://mcp.example/mcp";

    private Fixtures() {}

    /** Registers a client, which codes, tokens and consents need (they reference it). */
    static ClientId addClient(Database database) {
        var metadata = new ClientMetadata("Fixture client", List.of("http://127.0.0.1/cb"),
                List.of("authorization_code", "refresh_token"), List.of("code"), "none", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
        var client = new ClientRegistration(ClientId.random(RANDOM), metadata, NOW,
                new RegistrationSource("192.0.2.1", Optional.empty()));
        new JdbiClientRegistry(database.jdbi()).add(client);
        return client.id();
    }

    /** Adds an account directly, without the cost of Argon2, for tests that need a user but not a password. */
    static void addUser(Database database, String username) {
        execute(database, "INSERT INTO user_account (username, password_hash) VALUES (?, 'not a hash')", username);
    }

    static void deleteClient(Database database, ClientId client) {
        execute(database, "DELETE FROM oauth_client WHERE client_id = ?", client.value());
    }

    /** The hash of a fresh secret, as stores are keyed. */
    static String newHash() {
        return OpaqueToken.hash(OpaqueToken.generate(RANDOM));
    }

    static TokenGrant grant(ClientId client, String username) {
        return new TokenGrant(client, username, SCOPES, Optional.of(RESOURCE));
    }

    static int count(Database database, String sql, Object... arguments) {
        return database.jdbi().withHandle(handle -> handle.select(sql, arguments).mapTo(Integer.class).one());
    }

    private static void execute(Database database, String sql, Object... arguments) {
        database.jdbi().useHandle(handle -> handle.execute(sql, arguments));
    }
}
