package io.mcpdcr.bootstrap;

import java.util.UUID;

/** Key rotation on in-memory H2 in PostgreSQL mode. */
class H2SigningKeyRotationTest extends SigningKeyRotationContract {
    private final String url = "jdbc:h2:mem:rotation-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    @Override
    String jdbcUrl() {
        return url;
    }
}
