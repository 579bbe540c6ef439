package io.mcpdcr.application.port;

import java.time.Duration;
import java.time.Instant;

/** A lease that lets one instance at a time run a recurring task, even with several instances on one database. */
public interface TaskLease {
    /** Takes the lease on {@code task} for {@code holder} until {@code now + ttl} if no one else holds it now. */
    boolean tryAcquire(String task, String holder, Instant now, Duration ttl);

    void release(String task, String holder);
}
