package io.mcpdcr.application.fakes;

import io.mcpdcr.application.port.ClientAssertionVerifier;
import io.mcpdcr.application.port.UsedClientAssertions;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientKeys;
import io.mcpdcr.domain.token.ClientAssertionClaims;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Assertions "signed" by being told: each one verifies to the claims it was given; jtis are remembered in memory. */
public final class FakeClientAssertions implements ClientAssertionVerifier, UsedClientAssertions {
    private final Map<String, ClientAssertionClaims> signed = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    /** Makes {@code assertion} verify to {@code claims}, whatever the keys. */
    public String sign(String assertion, ClientAssertionClaims claims) {
        signed.put(assertion, claims);
        return assertion;
    }

    @Override
    public Verification verify(String assertion, ClientKeys keys) {
        ClientAssertionClaims claims = signed.get(assertion);
        return claims == null ? new Failed("the client assertion's signature does not verify") : new Verified(claims);
    }

    @Override
    public boolean firstUse(ClientId client, String jwtId, Instant rememberUntil) {
        return used.add(client.value() + " " + jwtId);
    }
}
