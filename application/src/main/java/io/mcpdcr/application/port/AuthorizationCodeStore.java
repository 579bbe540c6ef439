package io.mcpdcr.application.port;

import io.mcpdcr.domain.authorization.AuthorizationCode;

/** Issued authorization codes, by hash. */
public interface AuthorizationCodeStore {
    void save(AuthorizationCode code);

    /** Marks the code redeemed atomically: of any number of concurrent callers, exactly one gets {@link FirstUse}. */
    Redemption redeem(String hash);

    /** Whether the code was presented again after its first redemption. */
    boolean wasReplayed(String hash);

    sealed interface Redemption {}

    record FirstUse(AuthorizationCode code) implements Redemption {}

    /** The code was redeemed before: a replay, so the tokens issued from it must be revoked. */
    record Replayed(AuthorizationCode code) implements Redemption {}

    record Unknown() implements Redemption {}
}
