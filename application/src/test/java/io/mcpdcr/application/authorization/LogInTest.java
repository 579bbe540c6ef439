package io.mcpdcr.application.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.fakes.InMemoryOAuthStores;
import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.port.FailureBudget;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.token.OpaqueToken;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogInTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    private static final Duration SESSION = Duration.ofHours(8);
    private static final Duration RETRY_AFTER = Duration.ofMinutes(15);
    private static final String PASSWORD = "correct horse battery staple";
    private static final String HOME = "203.0.113.7";
    private static final String CAFE = "198.51.100.9";

    private final InMemoryOAuthStores stores = new InMemoryOAuthStores();
    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingAuditLog audit = new RecordingAuditLog();

    {
        stores.addUser("alice", PASSWORD);
        stores.addUser("bob", "bob's password");
    }

    private LogIn logIn(Throttle perAddress, FailureBudget perUsername) {
        return logIn(new LoginLimits(perAddress, 64, FailureBudget.unlimited(), perUsername));
    }

    private LogIn logIn(LoginLimits limits) {
        return logIn(limits, new VerificationGate(4));
    }

    private LogIn logIn(LoginLimits limits, VerificationGate gate) {
        return new LogIn(stores, stores, limits, gate, clock, new SecureRandom(), SESSION, audit);
    }

    private LogIn unthrottled() {
        return logIn(LoginLimits.none());
    }

    @Test
    void rightPasswordStartsASessionTheCookieSecretRecognises() {
        LogIn login = unthrottled();

        LogIn.Outcome outcome = login.logIn("alice", PASSWORD.toCharArray(), HOME);

        assertThat(outcome).isInstanceOfSatisfying(LogIn.Outcome.LoggedIn.class, loggedIn -> {
            assertThat(loggedIn.username()).isEqualTo("alice");
            assertThat(loggedIn.sessionSecret()).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(login.sessionUser(loggedIn.sessionSecret())).contains("alice");
        });
    }

    @Test
    void storesOnlyTheHashOfTheSessionSecret() {
        var loggedIn = (LogIn.Outcome.LoggedIn) unthrottled().logIn("alice", PASSWORD.toCharArray(), HOME);

        assertThat(stores.find(loggedIn.sessionSecret())).isEmpty();
        assertThat(stores.find(OpaqueToken.hash(loggedIn.sessionSecret()))).hasValueSatisfying(session -> {
            assertThat(session.username()).isEqualTo("alice");
            assertThat(session.createdAt()).isEqualTo(NOW);
            assertThat(session.expiresAt()).isEqualTo(NOW.plus(SESSION));
        });
    }

    @Test
    void eachLogInGetsItsOwnSession() {
        LogIn login = unthrottled();

        var first = (LogIn.Outcome.LoggedIn) login.logIn("alice", PASSWORD.toCharArray(), HOME);
        var second = (LogIn.Outcome.LoggedIn) login.logIn("alice", PASSWORD.toCharArray(), CAFE);

        assertThat(first.sessionSecret()).isNotEqualTo(second.sessionSecret());
        assertThat(login.sessionUser(first.sessionSecret())).contains("alice");
        assertThat(login.sessionUser(second.sessionSecret())).contains("alice");
    }

    @ParameterizedTest(name = "user \"{0}\" with password \"{1}\" is refused")
    @CsvSource(delimiter = '|', textBlock = """
        alice    | wrong password
        alice    | correct horse battery stapl
        alice    | CORRECT HORSE BATTERY STAPLE
        alice    | bob's password
        mallory  | correct horse battery staple
        ''       | correct horse battery staple
        """)
    void wrongPasswordAndUnknownUserAreRefusedAlike(String username, String password) {
        // the same outcome, so a refusal never tells whether the account exists
        assertThat(unthrottled().logIn(username, password.toCharArray(), HOME)).isEqualTo(new LogIn.Outcome.Refused());
    }

    @Test
    void unknownOrForgedSessionSecretIsNotRecognised() {
        LogIn login = unthrottled();
        var loggedIn = (LogIn.Outcome.LoggedIn) login.logIn("alice", PASSWORD.toCharArray(), HOME);

        assertThat(login.sessionUser("x".repeat(43))).isEmpty();
        assertThat(login.sessionUser(OpaqueToken.hash(loggedIn.sessionSecret()))).isEmpty();   // the stored hash is no cookie
    }

    @Test
    void expiredSessionIsNotRecognised() {
        LogIn login = unthrottled();
        var loggedIn = (LogIn.Outcome.LoggedIn) login.logIn("alice", PASSWORD.toCharArray(), HOME);

        clock.advance(SESSION.minusSeconds(1));
        assertThat(login.sessionUser(loggedIn.sessionSecret())).contains("alice");
        clock.advance(Duration.ofSeconds(1));
        assertThat(login.sessionUser(loggedIn.sessionSecret())).isEmpty();
    }

    @Test
    void throttlesPerAddressWhateverTheUsername() {
        var perAddress = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(perAddress, FailureBudget.unlimited());
        login.logIn("alice", "guess-1".toCharArray(), HOME);
        login.logIn("bob", "guess-2".toCharArray(), HOME);

        // the right password does not get through once the address has spent its budget
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isEqualTo(new LogIn.Outcome.Throttled(RETRY_AFTER));
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), CAFE)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
        assertThat(perAddress.attempts("login:" + HOME)).isEqualTo(3);
    }

    @Test
    void perAddressLimitKeysIPv6OnItsPrefix() {
        var perAddress = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(perAddress, FailureBudget.unlimited());
        login.logIn("alice", "guess-1".toCharArray(), "2001:db8:1:2::1");
        login.logIn("alice", "guess-2".toCharArray(), "2001:db8:1:2:ffff::9");

        // a host rotating through its /64 is one address to the limit
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), "2001:db8:1:2::3")).isInstanceOf(LogIn.Outcome.Throttled.class);
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), "2001:db8:1:3::3")).isInstanceOf(LogIn.Outcome.LoggedIn.class);
        assertThat(perAddress.attempts("login:2001:db8:1:2:0:0:0:0/64")).isEqualTo(3);
    }

    @Test
    void failuresOfAUserOnOneNetworkLockOnlyThatNetwork() {
        var perUserAndNetwork = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(new LoginLimits(Throttle.unlimited(), 64, perUserAndNetwork, FailureBudget.unlimited()));
        login.logIn("alice", "guess-1".toCharArray(), "192.0.2.1");
        login.logIn("alice", "guess-2".toCharArray(), "192.0.2.77");

        // the whole /24 is locked for alice, even with her password, but not for bob
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), "192.0.2.200")).isEqualTo(new LogIn.Outcome.Throttled(RETRY_AFTER));
        assertThat(login.logIn("bob", "bob's password".toCharArray(), "192.0.2.1")).isInstanceOf(LogIn.Outcome.LoggedIn.class);
        // her own network has no failures: she signs in while the attack goes on
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
        assertThat(perUserAndNetwork.attempts(LoginLimits.userAndNetworkKey("alice", "192.0.2.1"))).isEqualTo(2);
    }

    @Test
    void failuresOfAUserOnOneIPv6NetworkLockItsWhole64() {
        var perUserAndNetwork = new BudgetThrottle(1, RETRY_AFTER);
        LogIn login = logIn(new LoginLimits(Throttle.unlimited(), 128, perUserAndNetwork, FailureBudget.unlimited()));
        login.logIn("alice", "guess-1".toCharArray(), "2001:db8:1:2::1");

        assertThat(login.logIn("alice", PASSWORD.toCharArray(), "2001:db8:1:2:abcd::1")).isInstanceOf(LogIn.Outcome.Throttled.class);
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), "2001:db8:1:3::1")).isInstanceOf(LogIn.Outcome.LoggedIn.class);
    }

    @Test
    void failuresAcrossNetworksMeetTheUsersCeiling() {
        var perUser = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(Throttle.unlimited(), perUser);
        login.logIn("alice", "guess-1".toCharArray(), "192.0.2.1");
        login.logIn("alice", "guess-2".toCharArray(), "198.51.100.1");

        assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isEqualTo(new LogIn.Outcome.Throttled(RETRY_AFTER));
        assertThat(login.logIn("bob", "bob's password".toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
    }

    @Test
    void successfulSignInsSpendNoUsernameBudget() {
        var perUserAndNetwork = new BudgetThrottle(2, RETRY_AFTER);
        var perUser = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(new LoginLimits(Throttle.unlimited(), 64, perUserAndNetwork, perUser));
        for (int i = 0; i < 5; i++) {
            assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
        }

        assertThat(perUser.attempts(LoginLimits.userKey("alice"))).isZero();
        assertThat(perUserAndNetwork.attempts(LoginLimits.userAndNetworkKey("alice", HOME))).isZero();
    }

    @Test
    void budgetKeysStaySmallWhateverTheTypedName() {
        // one key is held per failing name: a name as long as a request body must not be held as such
        String typed = "u".repeat(60_000);

        assertThat(LoginLimits.userKey(typed)).hasSizeLessThan(64);
        assertThat(LoginLimits.userAndNetworkKey(typed, "2001:db8:1:2::1")).hasSizeLessThan(100);
        assertThat(LoginLimits.userKey("ALICE")).isEqualTo(LoginLimits.userKey("alice"));
    }

    @Test
    void usernameBudgetIgnoresCase() {
        var perUsername = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(Throttle.unlimited(), perUsername);
        login.logIn("Alice", "guess-1".toCharArray(), "192.0.2.1");
        login.logIn("ALICE", "guess-2".toCharArray(), "192.0.2.2");

        assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.Throttled.class);
        assertThat(perUsername.attempts(LoginLimits.userKey("alice"))).isEqualTo(2);
    }

    @Test
    void unknownUsernamesSpendTheirOwnBudget() {
        var perUsername = new BudgetThrottle(1, RETRY_AFTER);
        LogIn login = logIn(Throttle.unlimited(), perUsername);
        login.logIn("mallory", "guess".toCharArray(), HOME);

        assertThat(login.logIn("mallory", "guess".toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.Throttled.class);
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
    }

    @Test
    void addressRefusalSpendsNoUsernameBudget() {
        var perAddress = new BudgetThrottle(1, RETRY_AFTER);
        var perUsername = new BudgetThrottle(100, RETRY_AFTER);
        LogIn login = logIn(perAddress, perUsername);
        login.logIn("alice", "guess".toCharArray(), HOME);

        login.logIn("alice", "guess".toCharArray(), HOME);
        login.logIn("alice", "guess".toCharArray(), HOME);

        assertThat(perUsername.attempts(LoginLimits.userKey("alice"))).isEqualTo(1);
    }

    @Test
    void wipesThePasswordWhateverTheOutcome() {
        var perAddress = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(perAddress, FailureBudget.unlimited());
        char[] right = PASSWORD.toCharArray();
        char[] wrong = "wrong password".toCharArray();
        char[] throttled = PASSWORD.toCharArray();

        assertThat(login.logIn("alice", right, HOME)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
        assertThat(login.logIn("alice", wrong, HOME)).isInstanceOf(LogIn.Outcome.Refused.class);
        assertThat(login.logIn("alice", throttled, HOME)).isInstanceOf(LogIn.Outcome.Throttled.class);

        for (char[] password : new char[][] {right, wrong, throttled}) {
            assertThat(new String(password)).isEqualTo("\0".repeat(password.length));
        }
    }

    // ---- the audit trail ----

    @ParameterizedTest(name = "{0} with \"{1}\" is recorded as {2}")
    @CsvSource(delimiter = '|', textBlock = """
        alice    | correct horse battery staple | SUCCEEDED
        alice    | wrong password               | FAILED
        mallory  | correct horse battery staple | FAILED
        """)
    void recordsEachLogInWithAddressAndTypedUsername(String username, String password, AuditOutcome outcome) {
        // the typed name is kept even when refused: an operator looking into password guessing needs it
        unthrottled().logIn(username, password.toCharArray(), HOME);

        assertThat(audit.events()).containsExactly(new AuditEvent(NOW, AuditAction.LOGIN, outcome, Optional.empty(),
                Optional.empty(), Optional.of(HOME), Optional.empty(), Optional.of(username)));
    }

    @Test
    void neverRecordsThePassword() {
        unthrottled().logIn("alice", "hunter2-typed-by-mistake".toCharArray(), HOME);

        assertThat(audit.events()).singleElement().asString().doesNotContain("hunter2");
    }

    @ParameterizedTest(name = "a typed username of {0} characters is kept: {1}")
    @CsvSource(textBlock = """
        100, true
        101, false
        """)
    void doesNotKeepAbsurdlyLongUsernames(int length, boolean kept) {
        String typed = "u".repeat(length);

        unthrottled().logIn(typed, "guess".toCharArray(), HOME);

        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.outcome().wire()).isEqualTo("failed");
            assertThat(event.username()).isEqualTo(kept ? Optional.of(typed) : Optional.empty());
        });
    }

    @Test
    void countsThrottledAttemptsPerAddressWithoutRecordingThem() {
        var perAddress = new BudgetThrottle(1, RETRY_AFTER);
        var perUsername = new BudgetThrottle(2, RETRY_AFTER);
        LogIn login = logIn(perAddress, perUsername);
        login.logIn("alice", "guess".toCharArray(), HOME);
        login.logIn("alice", "guess".toCharArray(), HOME);          // the address's budget is spent
        login.logIn("alice", "guess".toCharArray(), HOME);
        login.logIn("alice", "guess".toCharArray(), CAFE);
        login.logIn("alice", PASSWORD.toCharArray(), "192.0.2.3");   // the username's budget is spent

        assertThat(audit.throttled("login", HOME)).isEqualTo(2);
        assertThat(audit.throttled("login", "192.0.2.3")).isEqualTo(1);
        assertThat(audit.throttled("login", CAFE)).isZero();
        assertThat(audit.events()).extracting(event -> event.outcome().wire()).containsExactly("failed", "failed");
        assertThat(audit.events()).extracting(event -> event.address().orElseThrow()).containsExactly(HOME, CAFE);
    }

    // ---- the verification gate ----

    @ParameterizedTest(name = "\"{0}\" waits for a full gate like everyone else")
    @CsvSource(textBlock = """
        alice
        mallory
        """)
    void aFullGateTurnsKnownAndUnknownUsersAwayAlikeWithoutSpendingTheirBudget(String username) throws Exception {
        var perUser = new BudgetThrottle(100, RETRY_AFTER);
        var gate = new VerificationGate(1);
        LogIn login = logIn(new LoginLimits(Throttle.unlimited(), 64, FailureBudget.unlimited(), perUser), gate);
        try (var full = new FullGate(gate)) {
            char[] password = PASSWORD.toCharArray();

            assertThat(login.logIn(username, password, HOME)).isEqualTo(new LogIn.Outcome.Busy(VerificationGate.MAX_WAIT));

            assertThat(new String(password)).isEqualTo("\0".repeat(password.length));
            assertThat(perUser.attempts(LoginLimits.userKey(username))).isZero();
            // nothing written: the overload must not reach the database
            assertThat(audit.throttled("login", HOME)).isZero();
            assertThat(audit.events()).isEmpty();
        }
        assertThat(login.logIn("alice", PASSWORD.toCharArray(), HOME)).isInstanceOf(LogIn.Outcome.LoggedIn.class);
    }

    /** Every slot and waiting place of a gate taken by verifications that last until it is closed. */
    private static final class FullGate implements AutoCloseable {
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.ExecutorService holders = java.util.concurrent.Executors.newCachedThreadPool();

        FullGate(VerificationGate gate) throws InterruptedException {
            int places = gate.slots() * (1 + VerificationGate.WAITERS_PER_SLOT);
            var entered = new java.util.concurrent.CountDownLatch(gate.slots());
            for (int i = 0; i < places; i++) {
                holders.submit(() -> gate.run(() -> {
                    entered.countDown();
                    try {
                        return release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return false;
                    }
                }));
            }
            entered.await();
            Thread.sleep(200); // the others are queued behind
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            holders.shutdown();
            holders.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
