package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.identity.ExternalIdentity;
import io.mcpdcr.domain.identity.UpstreamTransaction;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiUpstreamTransactions} and the upstream side of {@link JdbiUserStore} must do, whatever the database. */
abstract class UpstreamSignInStoreContract extends DatabaseContract {
    private JdbiUpstreamTransactions transactions;
    private JdbiUserStore users;

    @BeforeEach
    void createStores() {
        transactions = new JdbiUpstreamTransactions(database.jdbi());
        users = new JdbiUserStore(database.jdbi());
    }

    private static UpstreamTransaction transaction(String stateHash, java.time.Instant expiresAt) {
        return new UpstreamTransaction(stateHash, "oidc", "browser-hash", "nonce", "verifier", "response_type=code",
                "", Fixtures.NOW, expiresAt, false);
    }

    @Test
    void atMostTheBoundOfLiveTransactionsIsKeptAndExpiredOnesDoNotCount() {
        assertThat(transactions.begin(transaction("old", Fixtures.NOW.minusSeconds(1)), 2, Fixtures.NOW)).isTrue();
        assertThat(transactions.begin(transaction("a", Fixtures.NOW.plusSeconds(600)), 2, Fixtures.NOW)).isTrue();
        assertThat(transactions.begin(transaction("b", Fixtures.NOW.plusSeconds(600)), 2, Fixtures.NOW)).isTrue();
        assertThat(transactions.begin(transaction("c", Fixtures.NOW.plusSeconds(600)), 2, Fixtures.NOW)).isFalse();
        assertThat(transactions.find("c")).isEmpty();

        var counts = new JdbiMonitoringStore(database.jdbi()).purge(Fixtures.NOW, Fixtures.NOW.minus(Duration.ofDays(90)));
        assertThat(counts.sessions()).as("the expired one purged").isEqualTo(1);
        assertThat(transactions.find("old")).isEmpty();
        assertThat(transactions.find("a")).hasValueSatisfying(found -> {
            assertThat(found.nonce()).isEqualTo("nonce");
            assertThat(found.returnTo()).isEqualTo("response_type=code");
            assertThat(found.used()).isFalse();
        });
    }

    @Test
    void aTransactionIsSpentByExactlyOneOfRacingCallbacks() {
        transactions.begin(transaction("race", Fixtures.NOW.plusSeconds(600)), 10, Fixtures.NOW);
        long winners = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> transactions.spend("race")))
                .toList().stream().filter(CompletableFuture::join).count();
        assertThat(winners).isEqualTo(1);
        assertThat(transactions.find("race")).hasValueSatisfying(found -> assertThat(found.used()).isTrue());
    }

    @Test
    void anUpstreamPersonIsProvisionedOnceAndKeptUpToDateWithoutAPassword() {
        var first = new ExternalIdentity("oidc", "sub-1", Optional.of("alice"), Optional.of("alice@example.com"), true,
                Optional.of("Alice"), Map.of(), Set.of());
        users.provision(first, "oidc:sub-1", true, Fixtures.NOW);
        var renamed = new ExternalIdentity("oidc", "sub-1", Optional.of("alice2"), Optional.of("alice@corp.example"),
                true, Optional.of("Alice Liddell"), Map.of(), Set.of());
        users.provision(renamed, "oidc:sub-1", false, Fixtures.NOW.plusSeconds(60));

        assertThat(users.list()).singleElement().satisfies(account -> {
            assertThat(account.username()).isEqualTo("oidc:sub-1");
            assertThat(account.source()).isEqualTo("oidc");
            assertThat(account.admin()).as("admin as of the last sign-in").isFalse();
        });
        assertThat(users.displayName("oidc:sub-1")).hasValue("Alice Liddell (alice@corp.example)");
        assertThat(users.authenticate("oidc:sub-1", "".toCharArray())).as("no password signs them in").isEmpty();
        assertThat(users.changePassword("oidc:sub-1", "a-long-password".toCharArray(), false))
                .as("no password to change").isFalse();
        assertThat(users.displayName("nobody")).isEmpty();
    }
}
