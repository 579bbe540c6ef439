package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.AuditCounts;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiAuditLog} must do, whatever the database. */
abstract class AuditLogContract extends DatabaseContract {
    private static final int RACERS = 16;
    private static final Instant HOUR = Instant.parse("2026-03-08T01:00:00Z");

    private JdbiAuditLog audit;

    @BeforeEach
    void createStore() {
        audit = new JdbiAuditLog(database.jdbi());
    }

    @Test
    void cutsAnOverlongTypedClientIdToTheColumn() {
        String typed = "x".repeat(JdbiAuditLog.MAX_CLIENT_ID + 500); // as a caller might type it
        audit.record(new AuditEvent(Fixtures.NOW, AuditAction.TOKEN, AuditOutcome.REFUSED, Optional.of("invalid_client"),
                Optional.of(new ClientId(typed)), Optional.empty(), Optional.empty(), Optional.empty()));

        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT client_id FROM audit_event")
                .mapTo(String.class).one());
        assertThat(stored).isEqualTo("x".repeat(JdbiAuditLog.MAX_CLIENT_ID));
    }

    @Test
    void recordsAnEventWithEveryField() {
        ClientId client = Fixtures.addClient(database);
        audit.record(new AuditEvent(Fixtures.NOW, AuditAction.TOKEN, AuditOutcome.REFUSED, Optional.of("invalid_grant"),
                Optional.of(client), Optional.of("2001:db8::7"), Optional.of("curl/8.5.0"), Optional.of("alice")));

        assertThat(events()).containsExactly(Map.of("at", Fixtures.NOW, "action", "TOKEN", "outcome", "refused",
                "error_code", "invalid_grant", "client_id", client.value(), "address", "2001:db8::7",
                "user_agent", "curl/8.5.0", "username", "alice"));
    }

    @Test
    void readsAClientsTrailBackNewestFirstUpToALimit() {
        ClientId client = Fixtures.addClient(database);
        AuditEvent created = new AuditEvent(Fixtures.NOW, AuditAction.REGISTRATION, AuditOutcome.CREATED, Optional.empty(),
                Optional.of(client), Optional.of("192.0.2.1"), Optional.of("curl/8.5.0"), Optional.empty());
        AuditEvent disabled = new AuditEvent(Fixtures.NOW.plusSeconds(60), AuditAction.CLIENT_DISABLED, AuditOutcome.DISABLED,
                Optional.empty(), Optional.of(client), Optional.empty(), Optional.empty(), Optional.of("root"));
        audit.record(created);
        audit.record(disabled);
        audit.record(event(AuditAction.LOGIN, AuditOutcome.FAILED, Optional.empty()));

        assertThat(audit.ofClient(client, 10)).containsExactly(disabled, created);
        assertThat(audit.ofClient(client, 1)).containsExactly(disabled);
        assertThat(audit.ofClient(ClientId.random(Fixtures.RANDOM), 10)).isEmpty();
    }

    @Test
    void recordsAnEventWithOnlyItsRequiredFields() {
        audit.record(event(AuditAction.LOGIN, AuditOutcome.FAILED, Optional.empty()));

        assertThat(Fixtures.count(database, """
                SELECT COUNT(*) FROM audit_event WHERE action = 'LOGIN' AND outcome = 'failed' AND error_code IS NULL
                AND client_id IS NULL AND address IS NULL AND user_agent IS NULL AND username IS NULL"""))
                .isOne();
    }

    @Test
    void keepsTheTrailOfAClientThatIsGone() {
        ClientId client = Fixtures.addClient(database);
        audit.record(new AuditEvent(Fixtures.NOW, AuditAction.CLIENT_DELETED, AuditOutcome.PRUNED, Optional.empty(),
                Optional.of(client), Optional.empty(), Optional.empty(), Optional.empty()));

        Fixtures.deleteClient(database, client);
        audit.record(new AuditEvent(Fixtures.NOW, AuditAction.TOKEN, AuditOutcome.REFUSED, Optional.of("invalid_client"),
                Optional.of(client), Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event WHERE client_id = ?", client.value()))
                .isEqualTo(2);
    }

    @Test
    void cutsAndCleansFreeTextFromOutsideInsteadOfFailing() {
        String longAgent = "\uD83E\uDD16".repeat(600); // 600 emoji: 1200 UTF-16 units
        String typedName = "mallory\u0000" + "x".repeat(500);
        audit.record(new AuditEvent(Fixtures.NOW, AuditAction.LOGIN, AuditOutcome.FAILED, Optional.empty(), Optional.empty(),
                Optional.of("f".repeat(JdbiAuditLog.MAX_ADDRESS + 100)), Optional.of(longAgent), Optional.of(typedName)));

        Map<String, Object> row = events().get(0);
        String agent = (String) row.get("user_agent");
        assertThat(agent.codePointCount(0, agent.length())).isEqualTo(RegistrationSource.MAX_USER_AGENT);
        assertThat(agent).isEqualTo("\uD83E\uDD16".repeat(RegistrationSource.MAX_USER_AGENT));
        assertThat((String) row.get("username")).hasSize(JdbiAuditLog.MAX_USERNAME).startsWith("mallory?xxx");
        assertThat((String) row.get("address")).isEqualTo("f".repeat(JdbiAuditLog.MAX_ADDRESS));
    }

    @Test
    void countsThrottledAttemptsPerHourAddressAndLimit() {
        audit.countThrottled("register", "203.0.113.9", HOUR);
        audit.countThrottled("register", "203.0.113.9", HOUR.plusSeconds(1799));
        audit.countThrottled("register", "203.0.113.9", HOUR.plusSeconds(3599).plusNanos(999_999_999));
        audit.countThrottled("register", "203.0.113.9", HOUR.plusSeconds(3600));
        audit.countThrottled("login", "203.0.113.9", HOUR.plusSeconds(60));
        audit.countThrottled("register", "203.0.113.10", HOUR.plusSeconds(60));

        assertThat(attempts("register", "203.0.113.9", HOUR)).isEqualTo(3);
        assertThat(attempts("register", "203.0.113.9", HOUR.plusSeconds(3600))).isEqualTo(1);
        assertThat(attempts("login", "203.0.113.9", HOUR)).isEqualTo(1);
        assertThat(attempts("register", "203.0.113.10", HOUR)).isEqualTo(1);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM throttle_count")).isEqualTo(4);
    }

    @Test
    void keepsAClientIdAndAnAddressAsLongAsAMetadataDocumentsWhole() {
        String url = "https://" + "h".repeat(1000) + ".example/" + "p".repeat(2000 - 1017);
        String host = "h".repeat(1000) + ".example";
        audit.record(new AuditEvent(Fixtures.NOW, AuditAction.TOKEN, AuditOutcome.ISSUED, Optional.empty(),
                Optional.of(new ClientId(url)), Optional.of(host), Optional.empty(), Optional.empty()));

        assertThat(events().get(0)).containsEntry("client_id", url).containsEntry("address", host);
    }

    @Test
    void countsAnIpv6PrefixBlockKey() {
        String key = "ffff:ffff:ffff:ffff:0:0:0:0/64";
        audit.countThrottled("token-per-ip", key, HOUR);

        assertThat(attempts("token-per-ip", key, HOUR)).isEqualTo(1);
    }

    @Test
    void countsRefusalsPerHourAddressActionAndError() {
        String block = "2001:db8:1:2:0:0:0:0/64";
        audit.countRefused(AuditAction.TOKEN, "invalid_grant", block, HOUR);
        audit.countRefused(AuditAction.TOKEN, "invalid_grant", block, HOUR.plusSeconds(3599));
        audit.countRefused(AuditAction.TOKEN, "invalid_grant", block, HOUR.plusSeconds(3600));
        audit.countRefused(AuditAction.TOKEN, "invalid_client", block, HOUR);
        audit.countRefused(AuditAction.REVOCATION, "invalid_grant", block, HOUR);
        audit.countRefused(AuditAction.INTROSPECTION, "invalid_client", "203.0.113.9", HOUR);

        assertThat(refusals(AuditAction.TOKEN, "invalid_grant", block, HOUR)).isEqualTo(2);
        assertThat(refusals(AuditAction.TOKEN, "invalid_grant", block, HOUR.plusSeconds(3600))).isEqualTo(1);
        assertThat(refusals(AuditAction.INTROSPECTION, "invalid_client", "203.0.113.9", HOUR)).isEqualTo(1);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM refusal_count")).isEqualTo(5);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM audit_event")).isZero();
    }

    @Test
    void countsEveryOneOfManyConcurrentRefusalsOnOneKey() throws Exception {
        Race.run(RACERS, () -> {
            audit.countRefused(AuditAction.TOKEN, "invalid_grant", "198.51.100.77", HOUR);
            return null;
        });

        assertThat(refusals(AuditAction.TOKEN, "invalid_grant", "198.51.100.77", HOUR)).isEqualTo(RACERS);
    }

    @Test
    void countsEveryOneOfManyConcurrentThrottledAttemptsOnOneKey() throws Exception {
        // Several fresh keys, so the race for the first insert happens more than once.
        for (int round = 0; round < 5; round++) {
            String address = "198.51.100." + round;
            Instant at = HOUR.plusSeconds(round);

            Race.run(RACERS, () -> {
                audit.countThrottled("register", address, at);
                return null;
            });

            assertThat(attempts("register", address, HOUR)).as("round " + round).isEqualTo(RACERS);
        }
    }

    @Test
    void addsTheAmountsOfABatchToTheCountsTheyKeep() {
        audit.countThrottled("token-per-ip", "203.0.113.9", HOUR);
        audit.add(Map.of(
                new AuditCounts.Throttled(HOUR, "token-per-ip", "203.0.113.9"), 41L,
                new AuditCounts.Throttled(HOUR.plusSeconds(3600), "token-per-ip", "203.0.113.9"), 7L,
                new AuditCounts.Refused(HOUR, AuditAction.TOKEN, "unsupported_grant_type", "203.0.113.9"), 1000L,
                new AuditCounts.Refused(HOUR, AuditAction.REVOCATION, "invalid_client", "other"), 3L));
        audit.add(Map.of(new AuditCounts.Refused(HOUR, AuditAction.TOKEN, "unsupported_grant_type", "203.0.113.9"),
                5L));

        assertThat(attempts("token-per-ip", "203.0.113.9", HOUR)).isEqualTo(42);
        assertThat(attempts("token-per-ip", "203.0.113.9", HOUR.plusSeconds(3600))).isEqualTo(7);
        assertThat(refusals(AuditAction.TOKEN, "unsupported_grant_type", "203.0.113.9", HOUR)).isEqualTo(1005);
        assertThat(refusals(AuditAction.REVOCATION, "invalid_client", "other", HOUR)).isEqualTo(3);
    }

    @Test
    void concurrentBatchesOfSeveralInstancesOnTheSameKeysAddUpWithoutDeadlock() throws Exception {
        // Each racer is an instance flushing the same fresh keys, in whatever order its map iterates them.
        Map<AuditCounts.Key, Long> batch = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            batch.put(new AuditCounts.Refused(HOUR, AuditAction.TOKEN, "invalid_grant", "198.51.100." + i), 3L);
            batch.put(new AuditCounts.Throttled(HOUR, "token-per-ip", "198.51.100." + i), 2L);
        }

        Race.run(RACERS, () -> {
            new JdbiAuditLog(database.jdbi()).add(batch);
            return null;
        });

        for (int i = 0; i < 20; i++) {
            assertThat(refusals(AuditAction.TOKEN, "invalid_grant", "198.51.100." + i, HOUR)).isEqualTo(3 * RACERS);
            assertThat(attempts("token-per-ip", "198.51.100." + i, HOUR)).isEqualTo(2 * RACERS);
        }
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        database.close();

        String message = "audit log unavailable";
        assertUnavailable(message, () -> audit.record(event(AuditAction.LOGIN, AuditOutcome.FAILED, Optional.empty())));
        assertUnavailable(message, () -> audit.countThrottled("register", "203.0.113.9", HOUR));
        assertUnavailable(message, () -> audit.countRefused(AuditAction.TOKEN, "invalid_grant", "203.0.113.9", HOUR));
        assertUnavailable(message,
                () -> audit.add(Map.of(new AuditCounts.Throttled(HOUR, "login", "203.0.113.9"), 2L)));
    }

    private static AuditEvent event(AuditAction action, AuditOutcome outcome, Optional<String> errorCode) {
        return new AuditEvent(Fixtures.NOW, action, outcome, errorCode, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private int attempts(String limit, String address, Instant hourStart) {
        return database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT attempts FROM throttle_count
                        WHERE limit_name = :limit AND address = :address AND hour_start = :hour_start""")
                .bind("limit", limit)
                .bind("address", address)
                .bind("hour_start", Columns.timestamp(hourStart))
                .mapTo(Integer.class)
                .one());
    }

    private int refusals(AuditAction action, String error, String address, Instant hourStart) {
        return database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT attempts FROM refusal_count WHERE action = :action AND error_code = :error
                        AND address = :address AND hour_start = :hour_start""")
                .bind("action", action.name())
                .bind("error", error)
                .bind("address", address)
                .bind("hour_start", Columns.timestamp(hourStart))
                .mapTo(Integer.class)
                .one());
    }

    /** Every audit row's non-null columns but the id. */
    private List<Map<String, Object>> events() {
        return database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT at, action, outcome, error_code, client_id, address, user_agent, username
                        FROM audit_event ORDER BY id""")
                .map((row, context) -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("at", Columns.instant(row, "at"));
                    for (String column : List.of("action", "outcome", "error_code", "client_id", "address",
                            "user_agent", "username")) {
                        Columns.optional(row, column).ifPresent(value -> values.put(column, value));
                    }
                    return values;
                })
                .list());
    }
}
