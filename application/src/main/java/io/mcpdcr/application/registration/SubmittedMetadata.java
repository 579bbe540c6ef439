package io.mcpdcr.application.registration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of a registration request as the driving adapter could read it: a JSON object's members as plain Java
 * values, or the reason it could not be read. Unreadable bodies still reach the use case so that they count
 * against the throttle like any other attempt.
 */
public sealed interface SubmittedMetadata {
    /** Members of the submitted JSON object: String, Number, Boolean, List, Map or null values. */
    record Members(Map<String, Object> values) implements SubmittedMetadata {
        public Members {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // JSON null members are kept
        }
    }

    /** The body was not a JSON object the server can read. */
    record Unreadable(BodyProblem problem, String description) implements SubmittedMetadata {}

    /** Why a body could not be read; the driving adapter picks its status from this. */
    enum BodyProblem {
        MALFORMED,
        TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE
    }
}
