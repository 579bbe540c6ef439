package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.SigningKeyStore.StoredSigningKey;
import io.mcpdcr.domain.token.SigningKey;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiSigningKeyStore} must do, whatever the database. */
abstract class SigningKeyStoreContract extends DatabaseContract {
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    private JdbiSigningKeyStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiSigningKeyStore(database.jdbi(), InstantSource.fixed(NOW));
    }

    @Test
    void keepsBothHalvesOfEachKeyBySlot() {
        assertThat(store.add(key("kid-b", 11))).isTrue();
        assertThat(store.add(key("kid-a", 10))).isTrue();

        assertThat(store.all()).extracting(stored -> stored.key().kid()).containsExactly("kid-a", "kid-b");
        StoredSigningKey read = store.all().get(0);
        assertThat(read.key()).isEqualTo(new SigningKey("kid-a", 10, "ES256", "{\"kid\":\"kid-a\"}",
                NOW.plusSeconds(10)));
        assertThat(read.sealedPrivateKey()).isEqualTo("private-kid-a");
    }

    @Test
    void ofInstancesRacingForOneSlotExactlyOneKeyIsStored() throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Boolean> added = Race.run(8, () -> store.add(key("kid-" + next.incrementAndGet(), 42)));

        assertThat(added).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void dropsKeysByKid() {
        store.add(key("kid-a", 1));
        store.add(key("kid-b", 2));
        store.add(key("kid-c", 3));

        assertThat(store.drop(List.of("kid-a", "kid-c", "kid-unknown"))).isEqualTo(2);
        assertThat(store.drop(List.of())).isZero();
        assertThat(store.all()).extracting(stored -> stored.key().kid()).containsExactly("kid-b");
    }

    private static StoredSigningKey key(String kid, long slot) {
        return new StoredSigningKey(new SigningKey(kid, slot, "ES256", "{\"kid\":\"" + kid + "\"}",
                NOW.plusSeconds(slot)), "private-" + kid);
    }
}
