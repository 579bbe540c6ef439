package io.mcpdcr.domain.oauth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request parameters as they arrive: name → every value, in order. The one home of RFC 6749 §3.1 and §3.2: a
 * parameter must not be included more than once.
 */
public final class RequestParameters {
    private RequestParameters() {}

    /** Why the parameters are refused for a repeat, naming the first repeated one; empty when none repeats. */
    public static Optional<String> repeated(Map<String, List<String>> params) {
        return params.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1)
                .findFirst()
                .map(entry -> repeated(entry.getKey()));
    }

    /** Why {@code name} is refused when it came more than once; empty when it came at most once. */
    public static Optional<String> repeated(Map<String, List<String>> params, String name) {
        return params.getOrDefault(name, List.of()).size() > 1 ? Optional.of(repeated(name)) : Optional.empty();
    }

    /** The parameter's value; blank counts as absent, as an empty form field does. */
    public static Optional<String> value(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank()
                ? Optional.empty()
                : Optional.of(values.get(0));
    }

    private static String repeated(String name) {
        return name + " must not be repeated";
    }
}
