package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.security.SecureRandom;

/** Draws new client identifiers. */
public interface ClientIdGenerator {
    ClientId next();

    /** The production generator: 192 bits from {@link SecureRandom}. */
    static ClientIdGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> ClientId.random(random);
    }
}
