package io.mcpdcr.application.port;

import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.monitoring.RegistrationAttempt;
import java.time.Instant;
import java.util.List;

/** What the abuse scan reads and writes. */
public interface MonitoringStore {
    /**
     * Created registrations (from the clients) and refused ones (from the audit trail) since {@code from}, oldest
     * first: of each kind the latest {@code limit} at most.
     */
    List<RegistrationAttempt> registrationsSince(Instant from, int limit);

    /** Stores findings, skipping one already stored with the same kind and subject since {@code dedupeSince}. */
    List<Finding> saveNew(List<Finding> findings, Instant dedupeSince);

    /** Deletes expired codes, sessions and tokens, and audit rows and findings older than {@code auditBefore}. */
    PurgeCounts purge(Instant now, Instant auditBefore);

    record PurgeCounts(int codes, int sessions, int accessTokens, int refreshTokens, int auditRows) {}
}
