package io.mcpdcr.application.port;

import io.mcpdcr.domain.registration.ClientId;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Draws new client identifiers. */
public interface ClientIdGenerator {
    ClientId next();

    /**
     * The production generator: {@link ClientId#timeOrdered time-ordered}, with 192 bits from a {@link SecureRandom},
     * a 256-bit strength DRBG of each calling thread's own. One shared instance serialised every registration on its
     * lock (the JDK's NativePRNG mixes under one lock for all its instances): seconds of blocked request threads per
     * 20 s under load.
     */
    static ClientIdGenerator secureRandom() {
        ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(ClientIdGenerator::drbg);
        return () -> ClientId.timeOrdered(System.currentTimeMillis(), random.get());
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no DRBG in this JDK", e);
        }
    }
}
