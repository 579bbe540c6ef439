package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.mcpdcr.adapters.jdbc.PostgresTestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key rotation on PostgreSQL, and two instances started at once on one fresh PostgreSQL database: they make one key,
 * sign with it and publish the same set.
 */
class PostgresSigningKeyRotationTest extends SigningKeyRotationContract {
    private static PostgresTestDatabase postgres;

    @BeforeAll
    static void createSchema() throws Exception {
        postgres = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    String jdbcUrl() {
        return postgres.url();
    }

    @Test
    void twoInstancesStartedAtOnceOnAFreshDatabaseSignWithOneKeyAndPublishOneSet() throws Exception {
        try (PostgresTestDatabase fresh = PostgresTestDatabase.create()) {
            Map<String, String> env = Map.of("DCR_DB_URL", fresh.url(), "DCR_ACCESS_TOKEN_FORMAT", "jwt",
                    "DCR_KEY_ENCRYPTION_KEY", JwtAccessTokenContract.KEK, "DCR_TASKS", "off");
            CyclicBarrier together = new CyclicBarrier(2);
            Callable<Wiring> startOne = () -> {
                Settings settings = Settings.from(env);
                together.await(30, TimeUnit.SECONDS);
                return Wiring.build(settings);
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Wiring>> started = pool.invokeAll(List.of(startOne, startOne), 120, TimeUnit.SECONDS);
                try (Wiring first = started.get(0).get(); Wiring second = started.get(1).get()) {
                    var onFirst = new Browser("http://127.0.0.1:" + first.start("127.0.0.1", 0));
                    var onSecond = new Browser("http://127.0.0.1:" + second.start("127.0.0.1", 0));
                    String firstSet = onFirst.get("/.well-known/jwks.json").body();
                    assertThat(firstSet).isEqualTo(onSecond.get("/.well-known/jwks.json").body());
                    assertThat(JWKSet.parse(firstSet).getKeys()).hasSize(1);
                    assertThat(DatabaseRows.number(env, "SELECT COUNT(*) FROM signing_key")).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
