package io.mcpdcr.adapters.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code application/x-www-form-urlencoded} text into name → values, keeping repeats so the rules can refuse
 * them (RFC 6749 §3.1). The same parser serves the authorization query and the forms that carry it back.
 */
final class QueryString {
    private QueryString() {}

    /** The parameters, or empty when the text has broken percent-encoding or characters a URI cannot hold. */
    static Optional<Map<String, List<String>>> parse(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return Optional.of(params);
        }
        if (!isUriText(raw)) {
            return Optional.empty();
        }
        try {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(params);
    }

    /** Printable ASCII only: such text is safe to put back into a Location header after a fixed path. */
    static boolean isUriText(String raw) {
        return raw.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
