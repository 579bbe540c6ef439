package io.mcpdcr.domain.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** RFC 6750 §2.1: what an {@code Authorization} header holds. */
public sealed interface BearerToken {
    // b6token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    String QUERY_PARAMETER = "access_token";

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

    /**
     * RFC 6750 §2.3: whether a query carries {@code access_token}. The gateway offers the header method only
     * ({@code bearer_methods_supported: ["header"]}), so such a request is refused; a name that cannot be decoded
     * counts too, since a lenient reader might take it for one.
     */
    static boolean isInQuery(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            try {
                if (URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8).equals(QUERY_PARAMETER)) {
                    return true;
                }
            } catch (IllegalArgumentException undecodable) {
                return true;
            }
        }
        return false;
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
