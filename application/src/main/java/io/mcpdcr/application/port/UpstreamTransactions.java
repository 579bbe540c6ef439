package io.mcpdcr.application.port;

import io.mcpdcr.domain.identity.UpstreamTransaction;
import java.time.Instant;
import java.util.Optional;

/**
 * Sign-ins under way at upstream providers, shared by every instance. Anyone can start one, so the store holds at
 * most a bounded number of live ones; the purge job deletes expired ones.
 */
public interface UpstreamTransactions {
    /** Stores the transaction unless {@code maxLive} unexpired ones exist already; false then. */
    boolean begin(UpstreamTransaction transaction, int maxLive, Instant now);

    Optional<UpstreamTransaction> find(String stateHash);

    /** Spends the transaction; true for exactly one caller, however many callbacks race. */
    boolean spend(String stateHash);
}
