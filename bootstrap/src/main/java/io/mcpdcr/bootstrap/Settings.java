package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.http.HttpSettings;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.ratelimit.RateLimit;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Everything the service reads from its environment, each value checked at start-up. See README for the table. */
record Settings(
        String host,
        int port,
        String issuer,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Optional<RateLimit> registerPerIp,
        Optional<RateLimit> registerGlobal,
        int throttleMaxKeys,
        List<String> trustedProxies,
        Set<String> redirectSchemes,
        ScopeSet scopes,
        Set<String> resources,
        Duration codeLifetime,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration sessionLifetime,
        Optional<RateLimit> loginPerIp,
        Optional<RateLimit> loginPerUser) {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

    /** Reads the {@code DCR_*} variables; throws {@link ConfigurationException} naming the first bad one. */
    static Settings from(Map<String, String> env) {
        var reader = new Reader(env);
        int port = reader.read("DCR_PORT", "8080", value -> integer(value, 0, 65535));
        String dataDir = reader.read("DCR_DATA_DIR", "data", Function.identity());
        return new Settings(
                reader.read("DCR_HOST", "0.0.0.0", Settings::nonBlank),
                port,
                reader.read("DCR_ISSUER", "http://localhost:" + port, Settings::issuer),
                reader.read("DCR_DB_URL", Database.h2FileUrl(Path.of(dataDir, "dcr")), Settings::jdbcUrl),
                reader.read("DCR_DB_USER", "", Function.identity()),
                reader.read("DCR_DB_PASSWORD", "", Function.identity()),
                reader.read("DCR_DB_POOL_SIZE", "8", value -> integer(value, 1, 200)),
                reader.read("DCR_REGISTER_PER_IP", "20/1h", RateLimit::parse),
                reader.read("DCR_REGISTER_GLOBAL", "1000/1h", RateLimit::parse),
                reader.read("DCR_THROTTLE_MAX_KEYS", "50000", value -> integer(value, 100, 10_000_000)),
                reader.read("DCR_TRUSTED_PROXIES", "", Settings::proxies),
                reader.read("DCR_REDIRECT_SCHEMES", "", Settings::schemes),
                reader.read("DCR_SCOPES", "mcp", Settings::scopes),
                reader.read("DCR_RESOURCES", "", Settings::resources),
                reader.read("DCR_CODE_TTL", "60s", value -> duration(value, OAuthSettings.MAX_CODE_LIFETIME)),
                reader.read("DCR_ACCESS_TOKEN_TTL", "1h", value -> duration(value, Duration.ofDays(1))),
                reader.read("DCR_REFRESH_TOKEN_TTL", "30d", value -> duration(value, Duration.ofDays(365))),
                reader.read("DCR_SESSION_TTL", "12h", value -> duration(value, Duration.ofDays(30))),
                reader.read("DCR_LOGIN_PER_IP", "30/15m", RateLimit::parse),
                reader.read("DCR_LOGIN_PER_USER", "10/15m", RateLimit::parse));
    }

    HttpSettings http() {
        return new HttpSettings(issuer, scopes, sessionLifetime, trustedProxies, HttpSettings.DEFAULT_MAX_BODY_BYTES);
    }

    OAuthSettings oauth() {
        return new OAuthSettings(issuer, codeLifetime, accessTokenLifetime, refreshTokenLifetime, sessionLifetime);
    }

    /** {@code <n>s|m|h|d}, from one second up to {@code max}. */
    private static Duration duration(String value, Duration max) {
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a duration such as 60s, 15m, 1h or 30d, got \"" + value + "\"");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration parsed = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (parsed.isZero() || parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be between 1s and " + max.toSeconds() + "s, got " + value);
        }
        return parsed;
    }

    private static ScopeSet scopes(String value) {
        if (value.isEmpty() || !ScopeSet.isWellFormed(value)) {
            throw new IllegalArgumentException("expected space-separated scope tokens such as \"mcp profile\"");
        }
        return ScopeSet.parse(value);
    }

    private static Set<String> resources(String value) {
        var policy = new AuthorizationRequestPolicy(ScopeSet.EMPTY, Set.of());
        List<String> resources = commaList(value);
        for (String resource : resources) {
            policy.resourceProblem(resource).ifPresent(problem -> {
                throw new IllegalArgumentException(problem + ": " + resource);
            });
        }
        return Set.copyOf(resources);
    }

    /** Reads one variable, falling back to its default, and names the variable in any parse failure. */
    private record Reader(Map<String, String> env) {
        <T> T read(String name, String fallback, Function<String, T> parse) {
            String raw = env.getOrDefault(name, fallback);
            try {
                return parse.apply(raw.trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(name, e.getMessage());
            }
        }
    }

    private static int integer(String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, got \"" + value + "\"");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    private static String nonBlank(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return value;
    }

    /** RFC 8414 §2: an http(s) URL with no query or fragment; http only for a loopback development issuer. */
    private static String issuer(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("must be an http(s) URL with a host and no query or fragment");
            }
            return value;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
    }

    private static String jdbcUrl(String value) {
        if (!value.startsWith("jdbc:h2:") && !value.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        return value;
    }

    private static List<String> proxies(String value) {
        List<String> entries = commaList(value);
        entries.forEach(HttpSettings::checkProxy);
        return entries;
    }

    private static Set<String> schemes(String value) {
        Set<String> schemes = commaList(value).stream()
                .map(scheme -> scheme.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String scheme : schemes) {
            if (!RedirectUriPolicy.isAllowablePrivateUseScheme(scheme)) {
                throw new IllegalArgumentException("\"" + scheme
                        + "\" is not an allowable private-use scheme (a URI scheme such as cursor or com.example.app;"
                        + " http, https and script schemes are not allowed)");
            }
        }
        return schemes;
    }

    private static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
