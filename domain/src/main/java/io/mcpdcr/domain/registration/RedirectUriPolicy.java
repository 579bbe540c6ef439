package io.mcpdcr.domain.registration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which redirect URIs a client may register (RFC 7591 §2, RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §4.1).
 * Accepted: {@code https} with a host, {@code http} on a loopback host with any port, and the private-use schemes an
 * operator names. Refused: relative URIs, fragments, userinfo, wildcards, non-ASCII, whitespace and control
 * characters, and every other scheme. URIs are stored exactly as submitted and matched exactly later.
 *
 * <p>Each URI goes through {@link #TEXT_RULES} on its characters, is parsed, then goes through {@link #uriRules} on
 * its parts; the first rule broken is the answer.
 *
 * <p>The client's {@code application_type} (OpenID Connect Registration §2, MCP SEP-837) narrows the rules:
 * <table>
 * <caption>redirect URIs by application_type</caption>
 * <tr><th>application_type</th><th>https</th><th>http on loopback</th><th>private-use schemes</th></tr>
 * <tr><td>native, or absent</td><td>yes</td><td>any port at authorization (RFC 8252 §7.3)</td><td>those allowed</td></tr>
 * <tr><td>web</td><td>yes</td><td>only with a port, matched exactly</td><td>no</td></tr>
 * </table>
 */
public final class RedirectUriPolicy {
    public static final int MAX_LENGTH = 2000;
    public static final int MAX_URIS = 10;

    /** Schemes an operator may never allow as private-use schemes: they are web or script schemes. */
    public static final Set<String> RESERVED_SCHEMES = Set.of(
            "http", "https", "javascript", "data", "vbscript", "file", "blob", "about", "ftp", "ws", "wss", "mailto");

    /** The setting operators know the private-use scheme allow-list by; refusals name it. */
    public static final String PRIVATE_USE_SCHEMES_SETTING = "DCR_REDIRECT_SCHEMES";

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    // RFC 3986 §2.1: a percent-encoded control character (%00-%1F, %7F) has no business in a redirect target.
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF])");

    /** A named rule: why a URI breaks it, as a phrase such as "must not contain a fragment", or empty. */
    private record Rule<T>(String name, Function<T, Optional<String>> check) {}

    /** Rules on the submitted text, checked before it is parsed. */
    private static final List<Rule<String>> TEXT_RULES = List.of(
            new Rule<>("not empty", raw -> when(raw.isEmpty(), "must not be empty")),
            new Rule<>("bounded length", raw -> when(raw.length() > MAX_LENGTH,
                    "must be at most " + MAX_LENGTH + " characters")),
            new Rule<>("printable ASCII", RedirectUriPolicy::unprintable),
            new Rule<>("no fragment", raw -> when(raw.indexOf('#') >= 0,
                    "must not contain a fragment")), // RFC 6749 §3.1.2, even an empty one
            new Rule<>("no wildcard", raw -> when(raw.indexOf('*') >= 0,
                    "must not contain wildcards")), // exact matching only
            new Rule<>("no encoded control", raw -> when(ENCODED_CONTROL.matcher(raw).find(),
                    "must not contain percent-encoded control characters")));

    private final Set<String> privateUseSchemes;
    /** Rules on the parsed URI, in order; the scheme rule depends on the configured private-use schemes. */
    private final List<Rule<Candidate>> uriRules;

    /** A parsed URI and whether the client registering it is a web application. */
    private record Candidate(URI uri, boolean web) {}

    /** @param privateUseSchemes lower-case RFC 8252 §7.1 schemes to allow, such as {@code cursor}; usually empty */
    public RedirectUriPolicy(Set<String> privateUseSchemes) {
        for (String scheme : privateUseSchemes) {
            if (!isAllowablePrivateUseScheme(scheme)) {
                throw new IllegalArgumentException("not an allowable private-use scheme: " + scheme);
            }
        }
        this.privateUseSchemes = Set.copyOf(privateUseSchemes);
        this.uriRules = List.of(
                new Rule<>("absolute", c -> when(c.uri().getScheme() == null, "must be an absolute URI with a scheme")),
                new Rule<>("allowed scheme", this::schemeProblem),
                new Rule<>("hierarchical", c -> when(c.uri().isOpaque(),
                        "must be a hierarchical URI (scheme:// or scheme:/)")),
                new Rule<>("no userinfo", c -> when(c.uri().getRawUserInfo() != null,
                        "must not contain userinfo (user@host)")),
                // no registry names, no IPv6 zone ids
                new Rule<>("valid host", c -> when(c.uri().getRawAuthority() != null
                        && (c.uri().getHost() == null || c.uri().getHost().indexOf('%') >= 0),
                        "has an invalid host or port")),
                new Rule<>("brackets only around IPv6", c -> when(
                        containsBrackets(c.uri().getRawPath()) || containsBrackets(c.uri().getRawQuery()),
                        "must not contain [ or ] outside an IPv6 host (RFC 3986 §3.2.2)")),
                new Rule<>("valid port", c -> when(hasEmptyOrOutOfRangePort(c.uri()), "has an invalid port")),
                new Rule<>("https names a host", c -> when(scheme(c.uri()).equals("https") && c.uri().getHost() == null,
                        "must name a host")),
                new Rule<>("http only on loopback", c -> when(
                        scheme(c.uri()).equals("http") && !LoopbackHost.is(c.uri().getHost()),
                        "may use http only on localhost, 127.0.0.1 or [::1] (RFC 8252 §7.3); use https")),
                // A web application's redirect URIs are matched exactly, so a loopback one must say where it listens.
                new Rule<>("web loopback names its port", c -> when(
                        c.web() && scheme(c.uri()).equals("http") && c.uri().getPort() == -1,
                        "must name its port: a web application's (application_type web) loopback redirect URI is "
                                + "matched exactly")));
    }

    /** The policy with no private-use schemes. */
    public static RedirectUriPolicy strict() {
        return new RedirectUriPolicy(Set.of());
    }

    /** Whether an operator may allow {@code scheme}: valid scheme syntax, lower case, and not a reserved scheme. */
    public static boolean isAllowablePrivateUseScheme(String scheme) {
        return scheme != null && SCHEME.matcher(scheme).matches() && !RESERVED_SCHEMES.contains(scheme);
    }

    /** The rules' names in the order they run on each URI, parsing coming between the text and the URI rules. */
    public List<String> ruleNames() {
        return Stream.of(TEXT_RULES.stream().map(Rule::name), Stream.of("parses as a URI"),
                uriRules.stream().map(Rule::name)).flatMap(names -> names).toList();
    }

    /** The first rule the list breaks, for a client that is not a web application. */
    public Optional<RegistrationError> firstViolation(List<String> uris) {
        return firstViolation(uris, false);
    }

    /** The first rule the list breaks, checking the list's size and then each URI in order. */
    public Optional<RegistrationError> firstViolation(List<String> uris, boolean webApplication) {
        if (uris.isEmpty()) {
            return refuse("redirect_uris must contain at least one URI");
        }
        if (uris.size() > MAX_URIS) {
            return refuse("redirect_uris must contain at most " + MAX_URIS + " URIs");
        }
        for (int i = 0; i < uris.size(); i++) {
            Optional<String> why = violation(uris.get(i), webApplication);
            if (why.isPresent()) {
                return refuse("redirect_uris[" + i + "] " + why.get());
            }
        }
        return Optional.empty();
    }

    /** Why one URI of a client that is not a web application is refused, or empty when it is acceptable. */
    public Optional<String> violation(String raw) {
        return violation(raw, false);
    }

    /** Why one URI is refused, as a phrase such as "must not contain a fragment", or empty when it is acceptable. */
    public Optional<String> violation(String raw, boolean webApplication) {
        Optional<String> textProblem = firstBroken(TEXT_RULES, raw);
        if (textProblem.isPresent()) {
            return textProblem;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URI");
        }
        return firstBroken(uriRules, new Candidate(uri, webApplication));
    }

    private static <T> Optional<String> firstBroken(List<Rule<T>> rules, T subject) {
        for (Rule<T> rule : rules) {
            Optional<String> problem = rule.check().apply(subject);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** The first character that is whitespace, control or non-ASCII decides the phrase. */
    private static Optional<String> unprintable(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return Optional.of("must not contain whitespace or control characters");
            }
            if (c > 0x7e) {
                return Optional.of("must be ASCII (write international host names in punycode)");
            }
        }
        return Optional.empty();
    }

    private Optional<String> schemeProblem(Candidate candidate) {
        String scheme = scheme(candidate.uri());
        if (scheme.equals("https") || scheme.equals("http")) {
            return Optional.empty();
        }
        if (candidate.web()) {
            return Optional.of("uses a scheme that is not allowed for a web application (application_type web): "
                    + "use https, or http on a loopback host with a port");
        }
        return privateUseSchemes.contains(scheme)
                ? Optional.empty()
                : Optional.of("uses a scheme that is not allowed" + schemeHint());
    }

    private static String scheme(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT);
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

    /** Tells the client what it may use and the operator which setting would let the scheme through. */
    private String schemeHint() {
        String allowed = privateUseSchemes.isEmpty()
                ? "no private-use schemes are allowed on this server"
                : "the private-use schemes allowed here are " + String.join(", ", privateUseSchemes.stream().sorted().toList());
        return "; use https, http on a loopback host, or a private-use scheme the operator allows ("
                + allowed + "; the operator adds schemes with " + PRIVATE_USE_SCHEMES_SETTING + ")";
    }

    private static Optional<String> when(boolean broken, String phrase) {
        return broken ? Optional.of(phrase) : Optional.empty();
    }

    private static Optional<RegistrationError> refuse(String description) {
        return Optional.of(new RegistrationError.InvalidRedirectUri(description));
    }
}
