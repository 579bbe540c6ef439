package io.mcpdcr.application.token;

import io.mcpdcr.domain.token.TokenError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A form body's parameters, none repeated (RFC 6749 §3.2); empty and blank values count as absent. */
final class FormParameters {
    private final Map<String, List<String>> values;

    private FormParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The parameters, or the invalid_request error naming the first repeated one. */
    static Parsed parse(Map<String, List<String>> values) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (entry.getValue().size() > 1) {
                return new Parsed.Invalid(TokenError.invalidRequest(entry.getKey() + " must not be repeated"));
            }
        }
        return new Parsed.Valid(new FormParameters(values));
    }

    Optional<String> get(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() || list.get(0).isBlank() ? Optional.empty() : Optional.of(list.get(0));
    }

    sealed interface Parsed {
        record Valid(FormParameters parameters) implements Parsed {}

        record Invalid(TokenError error) implements Parsed {}
    }
}
