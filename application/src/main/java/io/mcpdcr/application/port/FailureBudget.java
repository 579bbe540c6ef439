package io.mcpdcr.application.port;

/**
 * A keyed budget that only failures spend: checking is free, so a user who gets in never uses it up. Never blocks.
 * Check and spend are two calls, so concurrent attempts that all passed the check may overshoot the budget by as
 * many as run at once; callers bound that (sign-ins by their verification gate).
 */
public interface FailureBudget {
    /** Whether {@code key} may try now, without spending anything. */
    Throttle.Decision check(String key);

    /** Spends one unit of {@code key}'s budget after a failure. */
    void spend(String key);

    /** A budget that is never spent: a limit switched off. */
    static FailureBudget unlimited() {
        return new FailureBudget() {
            @Override
            public Throttle.Decision check(String key) {
                return Throttle.Decision.ADMITTED;
            }

            @Override
            public void spend(String key) {}
        };
    }
}
