package io.mcpdcr.domain.authorization;

import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.LoopbackHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Whether a redirect URI in an authorization request matches a registered one: exact string comparison, except that
 * a registered {@code http} loopback URI matches on any port (RFC 8252 §7.3), scheme, host, path and query being
 * still compared exactly. A client registered with {@code application_type} web is not a native app listening on
 * whatever port is free, so its URIs match exactly.
 */
public final class RedirectUriMatcher {
    private RedirectUriMatcher() {}

    /** Whether {@code requested} matches one of the client's registered redirect URIs. */
    public static boolean matchesAny(ClientMetadata client, String requested) {
        return client.redirectUris().stream().anyMatch(registered -> client.isWebApplication()
                ? registered.equals(requested)
                : matches(registered, requested));
    }

    public static boolean matches(String registered, String requested) {
        if (registered.equals(requested)) {
            return true;
        }
        URI reg = parse(registered);
        URI req = parse(requested);
        if (reg == null || req == null || reg.isOpaque() || req.isOpaque()) {
            return false;
        }
        return "http".equals(reg.getScheme())
                && "http".equals(req.getScheme())
                && LoopbackHost.is(reg.getHost())
                && Objects.equals(reg.getHost(), req.getHost())
                && reg.getRawUserInfo() == null
                && req.getRawUserInfo() == null
                && req.getRawFragment() == null
                && validPort(req)
                && Objects.equals(reg.getRawPath(), req.getRawPath())
                && Objects.equals(reg.getRawQuery(), req.getRawQuery());
    }

    private static boolean validPort(URI uri) {
        if (uri.getPort() == -1) {
            return !uri.getRawAuthority().endsWith(":");
        }
        // The same rule as registration: 1..65535 written without leading zeros.
        return uri.getRawAuthority().endsWith(":" + uri.getPort()) && uri.getPort() >= 1 && uri.getPort() <= 65535;
    }

    private static URI parse(String raw) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
