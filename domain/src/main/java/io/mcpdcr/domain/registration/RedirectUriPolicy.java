package io.mcpdcr.domain.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which redirect URIs a client may register (RFC 7591 §2, RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §4.1).
 * Accepted: {@code https} with a host, {@code http} on a loopback host with any port, and the private-use schemes an
 * operator names. Refused: relative URIs, fragments, userinfo, wildcards, non-ASCII, whitespace and control
 * characters, and every other scheme. URIs are stored exactly as submitted and matched exactly later.
 */
public final class RedirectUriPolicy {
    public static final int MAX_LENGTH = 2000;
    public static final int MAX_URIS = 10;

    /** Schemes an operator may never allow as private-use schemes: they are web or script schemes. */
    public static final Set<String> RESERVED_SCHEMES = Set.of(
            "http", "https", "javascript", "data", "vbscript", "file", "blob", "about", "ftp", "ws", "wss", "mailto");

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    // RFC 3986 §2.1: a percent-encoded control character (%00-%1F, %7F) has no business in a redirect target.
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    private final Set<String> privateUseSchemes;

    /** @param privateUseSchemes lower-case RFC 8252 §7.1 schemes to allow, such as {@code cursor}; usually empty */
    public RedirectUriPolicy(Set<String> privateUseSchemes) {
        for (String scheme : privateUseSchemes) {
            if (!isAllowablePrivateUseScheme(scheme)) {
                throw new IllegalArgumentException("not an allowable private-use scheme: " + scheme);
            }
        }
        this.privateUseSchemes = Set.copyOf(privateUseSchemes);
    }

    /** The policy with no private-use schemes. */
    public static RedirectUriPolicy strict() {
        return new RedirectUriPolicy(Set.of());
    }

    /** Whether an operator may allow {@code scheme}: valid scheme syntax, lower case, and not a reserved scheme. */
    public static boolean isAllowablePrivateUseScheme(String scheme) {
        return scheme != null && SCHEME.matcher(scheme).matches() && !RESERVED_SCHEMES.contains(scheme);
    }

    /** The first rule the list breaks, checking the list's size and then each URI in order. */
    public Optional<RegistrationError> firstViolation(List<String> uris) {
        if (uris.isEmpty()) {
            return refuse("redirect_uris must contain at least one URI");
        }
        if (uris.size() > MAX_URIS) {
            return refuse("redirect_uris must contain at most " + MAX_URIS + " URIs");
        }
        for (int i = 0; i < uris.size(); i++) {
            Optional<String> why = violation(uris.get(i));
            if (why.isPresent()) {
                return refuse("redirect_uris[" + i + "] " + why.get());
            }
        }
        return Optional.empty();
    }

    /** Why one URI is refused, as a phrase such as "must not contain a fragment", or empty when it is acceptable. */
    public Optional<String> violation(String raw) {
        if (raw.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (raw.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return Optional.of("must not contain whitespace or control characters");
            }
            if (c > 0x7e) {
                return Optional.of("must be ASCII (write international host names in punycode)");
            }
        }
        if (raw.indexOf('#') >= 0) {
            return Optional.of("must not contain a fragment"); // RFC 6749 §3.1.2, even an empty one
        }
        if (raw.indexOf('*') >= 0) {
            return Optional.of("must not contain wildcards"); // exact matching only
        }
        if (ENCODED_CONTROL.matcher(raw).find()) {
            return Optional.of("must not contain percent-encoded control characters");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URI");
        }
        if (uri.getScheme() == null) {
            return Optional.of("must be an absolute URI with a scheme");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") && !privateUseSchemes.contains(scheme)) {
            return Optional.of("uses a scheme that is not allowed" + schemeHint());
        }
        if (uri.isOpaque()) {
            return Optional.of("must be a hierarchical URI (scheme:// or scheme:/)");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain userinfo (user@host)");
        }
        if (uri.getRawAuthority() != null && (uri.getHost() == null || uri.getHost().indexOf('%') >= 0)) {
            return Optional.of("has an invalid host or port"); // no registry names, no IPv6 zone ids
        }
        if (containsBrackets(uri.getRawPath()) || containsBrackets(uri.getRawQuery())) {
            return Optional.of("must not contain [ or ] outside an IPv6 host (RFC 3986 §3.2.2)");
        }
        if (hasEmptyOrOutOfRangePort(uri)) {
            return Optional.of("has an invalid port");
        }
        if (scheme.equals("https") && uri.getHost() == null) {
            return Optional.of("must name a host");
        }
        if (scheme.equals("http") && !LoopbackHost.is(uri.getHost())) {
            return Optional.of("may use http only on localhost, 127.0.0.1 or [::1] (RFC 8252 §7.3); use https");
        }
        return Optional.empty();
    }

    // java.net.URI tolerates brackets in the path and query; RFC 3986 reserves them for IP literals.
    private static boolean containsBrackets(String component) {
        return component != null && (component.indexOf('[') >= 0 || component.indexOf(']') >= 0);
    }

    /** An empty port, a port outside 1..65535, or one written with leading zeros (":0080"). */
    private static boolean hasEmptyOrOutOfRangePort(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return false;
        }
        if (authority.endsWith(":")) {
            return true;
        }
        if (uri.getPort() != -1 && !authority.endsWith(":" + uri.getPort())) {
            return true;
        }
        return uri.getPort() == 0 || uri.getPort() > 65535;
    }

    private String schemeHint() {
        String allowed = privateUseSchemes.isEmpty()
                ? "no private-use schemes are allowed on this server"
                : "the private-use schemes allowed here are " + String.join(", ", privateUseSchemes.stream().sorted().toList());
        return "; use https, http on a loopback host, or a private-use scheme the operator allows ("
                + allowed + ")";
    }

    private static Optional<RegistrationError> refuse(String description) {
        return Optional.of(new RegistrationError.InvalidRedirectUri(description));
    }
}
