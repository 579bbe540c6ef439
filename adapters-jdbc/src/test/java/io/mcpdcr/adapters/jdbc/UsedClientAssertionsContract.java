package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiUsedClientAssertions} must do, whatever the database. */
abstract class UsedClientAssertionsContract extends DatabaseContract {
    private static final ClientId CLIENT = new ClientId("https://chatgpt.example/oauth/client.json");

    private JdbiUsedClientAssertions used;

    @BeforeEach
    void createStore() {
        used = new JdbiUsedClientAssertions(database.jdbi());
    }

    @Test
    void aJtiIsUsedOncePerClient() {
        assertThat(used.firstUse(CLIENT, "jti-1", Fixtures.NOW.plusSeconds(120))).isTrue();
        assertThat(used.firstUse(CLIENT, "jti-1", Fixtures.NOW.plusSeconds(120))).isFalse();
        assertThat(used.firstUse(new ClientId("https://other.example/client.json"), "jti-1",
                Fixtures.NOW.plusSeconds(120))).as("another client's jti").isTrue();
    }

    @Test
    void thePurgeForgetsExpiredJtisOnly() {
        used.firstUse(CLIENT, "old", Fixtures.NOW.minusSeconds(1));
        used.firstUse(CLIENT, "live", Fixtures.NOW.plusSeconds(60));

        var counts = new JdbiMonitoringStore(database.jdbi()).purge(Fixtures.NOW, Fixtures.NOW.minus(Duration.ofDays(90)));

        assertThat(counts.codes()).isEqualTo(1);
        assertThat(used.firstUse(CLIENT, "old", Fixtures.NOW.plusSeconds(60))).isTrue();
        assertThat(used.firstUse(CLIENT, "live", Fixtures.NOW.plusSeconds(60))).isFalse();
    }
}
