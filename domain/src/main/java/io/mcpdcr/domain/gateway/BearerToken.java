package io.mcpdcr.domain.gateway;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** RFC 6750 §2.1: what an {@code Authorization} header holds. */
public sealed interface BearerToken {
    // b6token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /** No Authorization header, or one of another scheme: the caller did not try a bearer token. */
    record Absent() implements BearerToken {}

    /** A Bearer header whose token is not b64token: it cannot be a token we issued. */
    record Malformed() implements BearerToken {}

    record Present(String value) implements BearerToken {
        @Override
        public String toString() {
            return "Present[redacted]"; // never a token in a log line
        }
    }

    static BearerToken from(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return new Absent();
        }
        String header = authorization.get().trim();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return new Absent();
        }
        String token = space < 0 ? "" : header.substring(space + 1).trim();
        return B64TOKEN.matcher(token).matches() ? new Present(token) : new Malformed();
    }
}
