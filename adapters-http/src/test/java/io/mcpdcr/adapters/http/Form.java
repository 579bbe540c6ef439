package io.mcpdcr.adapters.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Name/value pairs in order, repeats allowed, written as {@code application/x-www-form-urlencoded}: a form body or a
 * query string. Tests decode with {@link #decode} rather than the server's own parser.
 */
final class Form {
    private final List<Map.Entry<String, String>> pairs = new ArrayList<>();

    static Form of(String... namesAndValues) {
        Form form = new Form();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** Appends a pair, even when the name is already there. */
    Form add(String name, String value) {
        pairs.add(Map.entry(name, value));
        return this;
    }

    /** Replaces every value of the name with this one. */
    Form set(String name, String value) {
        return without(name).add(name, value);
    }

    Form without(String name) {
        pairs.removeIf(pair -> pair.getKey().equals(name));
        return this;
    }

    String encode() {
        return pairs.stream().map(pair -> encode(pair.getKey()) + "=" + encode(pair.getValue()))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return encode();
    }

    static Map<String, List<String>> decode(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.computeIfAbsent(unescape(name), k -> new ArrayList<>()).add(unescape(value));
            }
        }
        return params;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String unescape(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
