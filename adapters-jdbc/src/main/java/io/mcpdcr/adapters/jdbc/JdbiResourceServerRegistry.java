package io.mcpdcr.adapters.jdbc;

import io.mcpdcr.application.port.ResourceServerAdministration;
import io.mcpdcr.application.port.ResourceServerRegistry;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.token.OpaqueToken;
import io.mcpdcr.domain.token.ResourceServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Resource servers in {@code resource_server}, with the admin operations on them. A secret is 256 random bits, shown
 * once by {@link #add} and stored as its SHA-256 hash. Database failures surface as
 * {@link StoreUnavailableException}.
 */
public final class JdbiResourceServerRegistry implements ResourceServerRegistry, ResourceServerAdministration {
    private static final String ID_PREFIX = "rs_";
    private static final int ID_RANDOM_BYTES = 16;
    // Compared against when the id is unknown, so an unknown id costs what a wrong secret costs. No secret hashes
    // to it knowingly, and a match without a row authenticates nothing anyway.
    private static final String UNKNOWN_ID_HASH = OpaqueToken.hash("no resource server has this id");

    private static final String INSERT = """
            INSERT INTO resource_server (id, name, secret_hash, resource) VALUES (:id, :name, :secret_hash, :resource)
            ON CONFLICT DO NOTHING
            """;
    private static final String SELECT_BY_ID =
            "SELECT id, name, secret_hash, resource FROM resource_server WHERE id = :key";
    private static final String SELECT_ALL = "SELECT id, name, resource FROM resource_server";
    private static final String DELETE_BY_ID = "DELETE FROM resource_server WHERE id = :key";
    private static final String DELETE_BY_NAME = "DELETE FROM resource_server WHERE name = :key";

    private final StoreCalls calls;
    private final SecureRandom random = new SecureRandom();

    public JdbiResourceServerRegistry(Jdbi jdbi) {
        this.calls = new StoreCalls(jdbi, "resource server registry");
    }

    /**
     * Adds a resource server under a new id and secret; empty when the name is taken.
     *
     * @param resource its resource indicator (RFC 8707), when it should only see tokens meant for it
     */
    @Override
    public Optional<Credentials> add(String name, Optional<String> resource) {
        byte[] idBytes = new byte[ID_RANDOM_BYTES];
        random.nextBytes(idBytes);
        var credentials = new Credentials(
                ID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes),
                OpaqueToken.generate(random));
        int inserted = calls.withHandle(handle -> handle.createUpdate(INSERT)
                .bind("id", credentials.id())
                .bind("name", name)
                .bind("secret_hash", OpaqueToken.hash(credentials.secret()))
                .bind("resource", resource.orElse(null))
                .execute());
        // 128 random bits never repeat an id, so the conflict is the name.
        return inserted == 1 ? Optional.of(credentials) : Optional.empty();
    }

    /** Every resource server, by name in Java's order, so both databases list alike. */
    @Override
    public List<ResourceServer> list() {
        return calls.withHandle(handle -> handle.createQuery(SELECT_ALL)
                        .map(JdbiResourceServerRegistry::toResourceServer)
                        .list())
                .stream()
                .sorted(Comparator.comparing(ResourceServer::name))
                .toList();
    }

    @Override
    public boolean remove(String nameOrId) {
        return calls.inTransaction(handle -> handle.createUpdate(DELETE_BY_ID).bind("key", nameOrId).execute() == 1
                || handle.createUpdate(DELETE_BY_NAME).bind("key", nameOrId).execute() == 1);
    }

    @Override
    public Optional<ResourceServer> authenticate(String id, String secret) {
        byte[] presented = OpaqueToken.hash(secret).getBytes(StandardCharsets.US_ASCII);
        Optional<StoredServer> stored = calls.withHandle(handle -> handle.createQuery(SELECT_BY_ID)
                .bind("key", id)
                .map((row, context) -> new StoredServer(toResourceServer(row, context), row.getString("secret_hash")))
                .findOne());
        String expected = stored.map(StoredServer::secretHash).orElse(UNKNOWN_ID_HASH);
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented);
        return stored.filter(found -> matches).map(StoredServer::server);
    }

    private static ResourceServer toResourceServer(ResultSet row, StatementContext context) throws SQLException {
        return new ResourceServer(row.getString("id"), row.getString("name"), Columns.optional(row, "resource"));
    }

    private record StoredServer(ResourceServer server, String secretHash) {}
}
