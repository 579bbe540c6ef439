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
        return addClient(database, NOW);
    }

    /** Registers a client issued at {@code issuedAt}. */
    static ClientId addClient(Database database, Instant issuedAt) {
        return addClient(database, client("Fixture client", List.of("http://127.0.0.1/cb"), issuedAt, "192.0.2.1"));
    }

    static ClientId addClient(Database database, ClientRegistration client) {
        new JdbiClientRegistry(database.jdbi()).add(client);
        return client.id();
    }

    /** A new client with a random id and these details; the other metadata are the defaults of a native client. */
    static ClientRegistration client(String name, List<String> redirectUris, Instant issuedAt, String address) {
        var metadata = new ClientMetadata(name, redirectUris, List.of("authorization_code", "refresh_token"),
                List.of("code"), "none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
        return new ClientRegistration(ClientId.random(RANDOM), metadata, issuedAt,
                new RegistrationSource(address, Optional.empty()));
    }

    /** Sets a client's last use directly, as a completed token exchange would. */
    static void setLastUsed(Database database, ClientId client, Instant at) {
        execute(database, "UPDATE oauth_client SET last_used_at = ? WHERE client_id = ?", Columns.timestamp(at),
                client.value());
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

    static void execute(Database database, String sql, Object... arguments) {
        database.jdbi().useHandle(handle -> handle.execute(sql, arguments));
    }
}
