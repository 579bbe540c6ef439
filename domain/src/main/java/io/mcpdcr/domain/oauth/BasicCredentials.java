package io.mcpdcr.domain.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** HTTP Basic credentials, form-decoded as RFC 6749 §2.3.1 requires of OAuth clients. */
public record BasicCredentials(String id, String secret) {
    /** The credentials of an {@code Authorization} header value; empty unless it is well-formed Basic. */
    public static Optional<BasicCredentials> of(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return Optional.of(new BasicCredentials(
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Never the secret: a record would print it wherever the credentials are logged or asserted on. */
    @Override
    public String toString() {
        return "BasicCredentials[id=" + id + ", secret=redacted]";
    }
}
