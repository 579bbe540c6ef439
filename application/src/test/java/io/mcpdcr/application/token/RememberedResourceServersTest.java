package io.mcpdcr.application.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.port.ResourceServerRegistry;
import io.mcpdcr.domain.token.ResourceServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RememberedResourceServersTest {
    private static final ResourceServer WEATHER = new ResourceServer("rs_weather", "Weather MCP", Optional.empty());
    private static final String SECRET = "weather-secret-0123456789";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final CountingRegistry registry = new CountingRegistry();
    private final RememberedResourceServers remembered = new RememberedResourceServers(registry, clock);

    {
        registry.add(WEATHER, SECRET);
    }

    @Test
    void verifiedSecretIsAnsweredFromMemoryWithinItsLifetime() {
        assertThat(remembered.authenticate("rs_weather", SECRET)).contains(WEATHER);
        clock.advance(RememberedResourceServers.LIFETIME.minusSeconds(1));

        assertThat(remembered.authenticate("rs_weather", SECRET)).contains(WEATHER);
        assertThat(registry.calls).isEqualTo(1);
    }

    @Test
    void expiredEntryIsCheckedAgainstTheRegistry() {
        remembered.authenticate("rs_weather", SECRET);
        clock.advance(RememberedResourceServers.LIFETIME);

        assertThat(remembered.authenticate("rs_weather", SECRET)).contains(WEATHER);
        assertThat(registry.calls).isEqualTo(2);
    }

    @Test
    void removedServerIsRefusedOnceItsEntryExpires() {
        remembered.authenticate("rs_weather", SECRET);
        registry.remove("rs_weather");

        assertThat(remembered.authenticate("rs_weather", SECRET)).contains(WEATHER);
        clock.advance(RememberedResourceServers.LIFETIME);
        assertThat(remembered.authenticate("rs_weather", SECRET)).isEmpty();
    }

    @Test
    void failuresAreNeverRemembered() {
        assertThat(remembered.authenticate("rs_weather", "wrong")).isEmpty();
        assertThat(remembered.authenticate("rs_weather", "wrong")).isEmpty();
        assertThat(remembered.authenticate("rs_nobody", SECRET)).isEmpty();
        assertThat(remembered.authenticate("rs_nobody", SECRET)).isEmpty();

        assertThat(registry.calls).isEqualTo(4);
        assertThat(remembered.size()).isZero();
    }

    @Test
    void anotherSecretForARememberedIdIsCheckedAgainstTheRegistry() {
        remembered.authenticate("rs_weather", SECRET);

        assertThat(remembered.authenticate("rs_weather", SECRET + "x")).isEmpty();
        assertThat(remembered.authenticate("rs_weather", SECRET.substring(1))).isEmpty();
        assertThat(remembered.authenticate("rs_weather", "")).isEmpty();
        assertThat(registry.calls).isEqualTo(4);
    }

    @Test
    void rotatedSecretReplacesTheRememberedOne() {
        remembered.authenticate("rs_weather", SECRET);
        registry.add(WEATHER, "rotated-secret-9876543210");

        assertThat(remembered.authenticate("rs_weather", "rotated-secret-9876543210")).contains(WEATHER);
        assertThat(remembered.authenticate("rs_weather", SECRET)).isEmpty();
    }

    @Test
    void remembersAtMostItsBoundOfLiveEntriesAndMakesRoomFromExpiredOnes() {
        var small = new RememberedResourceServers(registry, clock, Duration.ofSeconds(30), 3);
        for (int i = 0; i < 5; i++) {
            registry.add(new ResourceServer("rs_" + i, "server " + i, Optional.empty()), "secret-" + i);
            assertThat(small.authenticate("rs_" + i, "secret-" + i)).isPresent();
        }
        assertThat(small.size()).isEqualTo(3);

        int before = registry.calls;
        assertThat(small.authenticate("rs_4", "secret-4")).isPresent();
        assertThat(registry.calls).as("the entry that found no room is checked each time").isEqualTo(before + 1);

        clock.advance(Duration.ofSeconds(30));
        assertThat(small.authenticate("rs_4", "secret-4")).isPresent();
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.authenticate("rs_4", "secret-4")).isPresent();
        assertThat(registry.calls).isEqualTo(before + 2);
    }

    /** Verifies like the real registry and counts how often it is asked. */
    private static final class CountingRegistry implements ResourceServerRegistry {
        private final Map<String, ResourceServer> servers = new HashMap<>();
        private final Map<String, String> secrets = new HashMap<>();
        int calls;

        void add(ResourceServer server, String secret) {
            servers.put(server.id(), server);
            secrets.put(server.id(), secret);
        }

        void remove(String id) {
            servers.remove(id);
            secrets.remove(id);
        }

        @Override
        public Optional<ResourceServer> authenticate(String id, String secret) {
            calls++;
            return secret.equals(secrets.get(id)) ? Optional.of(servers.get(id)) : Optional.empty();
        }
    }
}
