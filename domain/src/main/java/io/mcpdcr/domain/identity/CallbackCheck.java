package io.mcpdcr.domain.identity;

/** What {@link UpstreamCallbackPolicy} says of a callback's transaction. */
public sealed interface CallbackCheck {
    record Proceed(UpstreamTransaction transaction) implements CallbackCheck {}

    /** No transaction has this state: forged, mistyped, or purged long ago. */
    record Unknown() implements CallbackCheck {}

    /** The transaction was spent by an earlier callback. */
    record Replayed() implements CallbackCheck {}

    record Expired() implements CallbackCheck {}

    /** The transaction was started by another browser, or for another provider: a link passed on, or forged. */
    record Mismatched() implements CallbackCheck {}
}
