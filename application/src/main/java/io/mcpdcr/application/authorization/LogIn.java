package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.SessionStore;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.port.UserDirectory;
import io.mcpdcr.domain.authorization.UserSession;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Logs a user in and recognises the session afterwards. Attempts are limited as {@link LoginLimits} says, password
 * verifications run through a {@link VerificationGate}, and a refusal never says whether the user exists.
 */
public final class LogIn {
    private final UserDirectory users;
    private final SessionStore sessions;
    private final LoginLimits limits;
    private final VerificationGate gate;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Duration sessionLifetime;
    private final AuditLog audit;

    public LogIn(UserDirectory users, SessionStore sessions, LoginLimits limits, VerificationGate gate,
            InstantSource clock, RandomGenerator random, Duration sessionLifetime, AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.sessions = sessions;
        this.limits = limits;
        this.gate = gate;
        this.clock = clock;
        this.random = random;
        this.sessionLifetime = sessionLifetime;
    }

    /** Checks the credentials; the password array is wiped afterwards. */
    public Outcome logIn(String username, char[] password, String address) {
        Outcome outcome = attempt(username, password, address);
        Instant now = clock.instant();
        if (outcome instanceof Outcome.Busy) {
            // Nothing was checked, and a write per turned-away sign-in would carry the overload into the database
            // (a 500-sign-in burst starved the connection pool into 503s). The adapter's metrics count them.
            return outcome;
        }
        if (outcome instanceof Outcome.Throttled) {
            audit.countThrottled("login", address, now);
        } else {
            boolean succeeded = outcome instanceof Outcome.LoggedIn;
            // The typed name is kept even when refused: an operator looking into password guessing needs it.
            audit.record(AuditEvent.login(now, succeeded, address,
                    Optional.of(username).filter(name -> name.length() <= 100)));
        }
        return outcome;
    }

    private Outcome attempt(String username, char[] password, String address) {
        try {
            Throttle.Decision byAddress = limits.perAddress().tryAcquire(limits.addressKey(address));
            if (!byAddress.admitted()) {
                return new Outcome.Throttled(byAddress.retryAfter());
            }
            String networkKey = LoginLimits.userAndNetworkKey(username, address);
            String userKey = LoginLimits.userKey(username);
            for (Throttle.Decision byName : List.of(limits.perUserAndNetwork().check(networkKey),
                    limits.perUser().check(userKey))) {
                if (!byName.admitted()) {
                    return new Outcome.Throttled(byName.retryAfter());
                }
            }
            // The gate comes before the directory is asked anything, so known and unknown users queue alike.
            Optional<Optional<String>> verified = gate.run(() -> users.authenticate(username, password));
            if (verified.isEmpty()) {
                return new Outcome.Busy(VerificationGate.MAX_WAIT);
            }
            Optional<String> user = verified.get();
            if (user.isEmpty()) {
                limits.perUserAndNetwork().spend(networkKey);
                limits.perUser().spend(userKey);
                return new Outcome.Refused();
            }
            String secret = OpaqueToken.generate(random);
            Instant now = clock.instant();
            sessions.create(new UserSession(OpaqueToken.hash(secret), user.get(), now, now.plus(sessionLifetime)));
            return new Outcome.LoggedIn(secret, user.get());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The user of a live session, from the secret its cookie carries. */
    public Optional<String> sessionUser(String sessionSecret) {
        return sessions.find(OpaqueToken.hash(sessionSecret))
                .filter(session -> session.isActiveAt(clock.instant()))
                .map(UserSession::username);
    }

    /** The signed-in user as our pages name them: as their identity provider knows them, or by username. */
    public String displayName(String username) {
        return users.displayName(username).orElse(username);
    }

    /** Ends the session the cookie's secret names, so the next person at a shared computer must sign in again. */
    public void logOut(String sessionSecret) {
        Optional<UserSession> session = sessions.find(OpaqueToken.hash(sessionSecret));
        if (session.isEmpty()) {
            return;
        }
        sessions.delete(session.get().idHash());
        audit.record(AuditEvent.signedOut(clock.instant(), session.get().username()));
    }

    public sealed interface Outcome {
        /** @param sessionSecret the cookie value; only its hash is stored */
        record LoggedIn(String sessionSecret, String username) implements Outcome {}

        record Refused() implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}

        /** Too many sign-ins are being checked at once; nothing was checked or spent for this one. */
        record Busy(Duration retryAfter) implements Outcome {}
    }
}
