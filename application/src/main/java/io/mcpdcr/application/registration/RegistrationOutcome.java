package io.mcpdcr.application.registration;

import io.mcpdcr.application.registration.SubmittedMetadata.BodyProblem;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationError;
import java.time.Duration;

/** What came of one registration attempt. Nothing was stored unless it is {@link Registered}. */
public sealed interface RegistrationOutcome {
    record Registered(ClientRegistration client) implements RegistrationOutcome {}

    /** The metadata broke an RFC 7591 rule. */
    record Rejected(RegistrationError error) implements RegistrationOutcome {}

    /** The body could not be read as a JSON object. */
    record Unreadable(BodyProblem problem, String description) implements RegistrationOutcome {}

    /** A rate limit refused the attempt; {@code limit} names which one ("per-ip" or "global"). */
    record Throttled(String limit, Duration retryAfter) implements RegistrationOutcome {}
}
