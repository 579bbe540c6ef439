package io.mcpdcr.application.authorization;

import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.port.UpstreamProvider;
import io.mcpdcr.application.port.UpstreamTransactions;
import io.mcpdcr.domain.identity.UpstreamTransaction;
import io.mcpdcr.domain.pkce.Pkce;
import io.mcpdcr.domain.token.OpaqueToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Sends a browser to an upstream provider to sign in: a transaction with a fresh state, nonce and PKCE verifier,
 * bound to the browser by a cookie secret. Anyone can start one, so each start spends the address's sign-in budget
 * (the one the sign-in form spends), and at most {@code maxLive} unexpired transactions exist at once.
 */
public final class StartUpstreamSignIn {
    /** Far above any real sign-in rate over ten minutes; bounds the table when addresses are many. */
    public static final int DEFAULT_MAX_LIVE = 10_000;

    private final UpstreamProviders providers;
    private final UpstreamTransactions transactions;
    private final LoginLimits limits;
    private final int maxLive;
    private final InstantSource clock;
    private final RandomGenerator random;

    public StartUpstreamSignIn(UpstreamProviders providers, UpstreamTransactions transactions, LoginLimits limits,
            int maxLive, InstantSource clock, RandomGenerator random) {
        this.providers = providers;
        this.transactions = transactions;
        this.limits = limits;
        this.maxLive = maxLive;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param returnTo the authorization request's query to continue with after sign-in, or empty
     * @param destination where to continue: empty for the authorization request, else our page's name
     */
    public Outcome start(String providerId, String returnTo, String destination, String address) {
        Optional<UpstreamProvider> provider = providers.find(providerId);
        if (provider.isEmpty()) {
            return new Outcome.UnknownProvider();
        }
        Throttle.Decision decision = limits.perAddress().tryAcquire(limits.addressKey(address));
        if (!decision.admitted()) {
            return new Outcome.Throttled(decision.retryAfter());
        }
        String state = OpaqueToken.generate(random);
        String nonce = OpaqueToken.generate(random);
        String verifier = OpaqueToken.generate(random);
        String browserSecret = OpaqueToken.generate(random);
        Optional<URI> location = provider.get().authorizationUrl(state, nonce, Pkce.s256(verifier),
                providers.callback(providerId));
        if (location.isEmpty()) {
            return new Outcome.ProviderDown();
        }
        Instant now = clock.instant();
        var transaction = new UpstreamTransaction(OpaqueToken.hash(state), providerId,
                OpaqueToken.hash(browserSecret), nonce, verifier, returnTo, destination, now,
                now.plus(UpstreamTransaction.LIFETIME), false);
        if (!transactions.begin(transaction, maxLive, now)) {
            return new Outcome.Crowded();
        }
        return new Outcome.Redirect(location.get(), browserSecret);
    }

    public sealed interface Outcome {
        /** @param browserSecret the binding cookie's value; only its hash is stored */
        record Redirect(URI location, String browserSecret) implements Outcome {}

        record UnknownProvider() implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}

        /** Too many sign-ins are under way at upstream providers; nothing was stored. */
        record Crowded() implements Outcome {}

        /** The provider's discovery document could not be fetched; it is tried again at the next start. */
        record ProviderDown() implements Outcome {}
    }
}
