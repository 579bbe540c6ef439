package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ExternalAccounts;
import io.mcpdcr.application.port.SessionStore;
import io.mcpdcr.application.port.UpstreamProvider;
import io.mcpdcr.application.port.UpstreamTransactions;
import io.mcpdcr.domain.authorization.UserSession;
import io.mcpdcr.domain.identity.CallbackCheck;
import io.mcpdcr.domain.identity.ExternalAccountName;
import io.mcpdcr.domain.identity.ExternalIdentity;
import io.mcpdcr.domain.identity.SignInCheck;
import io.mcpdcr.domain.identity.SignInPolicy;
import io.mcpdcr.domain.identity.UpstreamCallbackPolicy;
import io.mcpdcr.domain.identity.UpstreamTransaction;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.token.OpaqueToken;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Completes a sign-in at an upstream provider: the callback's state names a live transaction of this browser, spent
 * once; the provider's answer is verified; the allow rules admit the person (at every sign-in); then, and only then,
 * the account is created or updated and a session begins, the same session the sign-in form starts.
 */
public final class CompleteUpstreamSignIn {
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final UpstreamProviders providers;
    private final UpstreamTransactions transactions;
    private final SignInPolicy policy;
    private final ExternalAccounts accounts;
    private final SessionStore sessions;
    private final AuditLog audit;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Duration sessionLifetime;

    public CompleteUpstreamSignIn(UpstreamProviders providers, UpstreamTransactions transactions, SignInPolicy policy,
            ExternalAccounts accounts, SessionStore sessions, AuditLog audit, InstantSource clock,
            RandomGenerator random, Duration sessionLifetime) {
        this.providers = providers;
        this.transactions = transactions;
        this.policy = policy;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.sessionLifetime = sessionLifetime;
    }

    /**
     * @param params the callback's query parameters
     * @param browserSecret the binding cookie set when the sign-in started, if the browser sent it
     */
    public Outcome complete(String providerId, Map<String, List<String>> params, Optional<String> browserSecret,
            String address) {
        Outcome outcome = attempt(providerId, params, browserSecret, address);
        if (outcome instanceof Outcome.Failed failed) {
            // Counted, not one row each: anyone can send a callback with a made-up state.
            audit.countRefused(AuditEvent.AuditAction.UPSTREAM_LOGIN, failed.failure().wire(), address, clock.instant());
        }
        return outcome;
    }

    private Outcome attempt(String providerId, Map<String, List<String>> params, Optional<String> browserSecret,
            String address) {
        Optional<UpstreamProvider> provider = providers.find(providerId);
        if (provider.isEmpty()) {
            return new Outcome.Failed(Failure.UNKNOWN_PROVIDER, Optional.empty());
        }
        Optional<String> state = single(params, "state");
        if (state.isEmpty()) {
            return new Outcome.Failed(Failure.INVALID_CALLBACK, Optional.empty());
        }
        String stateHash = OpaqueToken.hash(state.get());
        Instant now = clock.instant();
        CallbackCheck check = UpstreamCallbackPolicy.check(transactions.find(stateHash), providerId,
                browserSecret.map(OpaqueToken::hash), now);
        if (!(check instanceof CallbackCheck.Proceed proceed)) {
            return new Outcome.Failed(failure(check), Optional.empty());
        }
        if (!transactions.spend(stateHash)) {
            return new Outcome.Failed(Failure.REPLAYED, Optional.empty());
        }
        UpstreamTransaction transaction = proceed.transaction();
        Optional<String> error = single(params, "error");
        if (error.isPresent()) {
            // Only a code-shaped error is shown: the rest of the callback is the provider's free text.
            return new Outcome.Failed(Failure.PROVIDER_ERROR, error.filter(code -> ERROR_CODE.matcher(code).matches()));
        }
        Optional<String> code = single(params, "code");
        if (code.isEmpty()) {
            return new Outcome.Failed(Failure.INVALID_CALLBACK, Optional.empty());
        }
        UpstreamProvider.Answer answer = provider.get().exchange(code.get(), transaction.codeVerifier(),
                transaction.nonce(), providers.callback(providerId));
        if (answer instanceof UpstreamProvider.Answer.Unavailable) {
            return new Outcome.Failed(Failure.PROVIDER_DOWN, Optional.empty());
        }
        if (!(answer instanceof UpstreamProvider.Answer.Verified verified)) {
            return new Outcome.Failed(Failure.ANSWER_REJECTED, Optional.empty());
        }
        ExternalIdentity identity = verified.identity();
        SignInCheck admitted = policy.check(identity);
        if (admitted instanceof SignInCheck.Refused refused) {
            audit.record(AuditEvent.upstreamSignInRefused(now, refused.reason().wire(),
                    identity.email().or(identity::username), address));
            return new Outcome.Refused(refused.explanation());
        }
        String accountName = ExternalAccountName.of(providerId, identity.subject());
        accounts.provision(identity, accountName, ((SignInCheck.Allowed) admitted).admin(), now);
        String secret = OpaqueToken.generate(random);
        sessions.create(new UserSession(OpaqueToken.hash(secret), accountName, now, now.plus(sessionLifetime)));
        audit.record(AuditEvent.upstreamSignedIn(now, accountName, address));
        return new Outcome.SignedIn(secret, accountName, transaction.returnTo(), transaction.destination());
    }

    private static Failure failure(CallbackCheck check) {
        if (check instanceof CallbackCheck.Unknown) {
            return Failure.UNKNOWN_STATE;
        }
        if (check instanceof CallbackCheck.Replayed) {
            return Failure.REPLAYED;
        }
        return check instanceof CallbackCheck.Expired ? Failure.EXPIRED : Failure.OTHER_BROWSER;
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        return values.size() == 1 && !values.get(0).isEmpty() ? Optional.of(values.get(0)) : Optional.empty();
    }

    /** Why a callback could not be completed; {@link #wire()} is the code counted in the audit trail. */
    public enum Failure {
        UNKNOWN_PROVIDER("unknown_provider"),
        INVALID_CALLBACK("invalid_callback"),
        UNKNOWN_STATE("unknown_state"),
        REPLAYED("replayed"),
        EXPIRED("expired"),
        OTHER_BROWSER("other_browser"),
        PROVIDER_ERROR("provider_error"),
        PROVIDER_DOWN("provider_down"),
        ANSWER_REJECTED("answer_rejected");

        private final String wire;

        Failure(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public sealed interface Outcome {
        /**
         * @param sessionSecret the session cookie's value; only its hash is stored
         * @param returnTo the authorization request to continue with, or empty
         * @param destination empty for the authorization request, else our page's name
         */
        record SignedIn(String sessionSecret, String username, String returnTo, String destination)
                implements Outcome {}

        /** The allow rules refused the person; {@code explanation} tells them why. */
        record Refused(String explanation) implements Outcome {}

        /** @param providerError the provider's error code, when it sent one */
        record Failed(Failure failure, Optional<String> providerError) implements Outcome {}
    }
}
