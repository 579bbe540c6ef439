package io.mcpdcr.bootstrap;

import io.mcpdcr.adapters.http.HttpSettings;
import io.mcpdcr.adapters.http.gateway.GatewaySettings;
import io.mcpdcr.adapters.jdbc.Database;
import io.mcpdcr.adapters.jose.KeyEncryption;
import io.mcpdcr.adapters.jose.NimbusJwtSigner;
import io.mcpdcr.adapters.ratelimit.RateLimit;
import io.mcpdcr.application.authorization.OAuthSettings;
import io.mcpdcr.domain.authorization.AuthorizationRequestPolicy;
import io.mcpdcr.domain.authorization.ScopeSet;
import io.mcpdcr.domain.gateway.GatewayRoute;
import io.mcpdcr.domain.gateway.ProtectedResource;
import io.mcpdcr.domain.identity.RequiredClaim;
import io.mcpdcr.domain.monitoring.AbuseThresholds;
import io.mcpdcr.domain.monitoring.KnownClient;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.registration.LoopbackHost;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
        HostedClients hostedClients,
        int throttleMaxKeys,
        Optional<RateLimit> tokenPerIp,
        int ipv6Prefix,
        List<String> trustedProxies,
        Set<String> redirectSchemes,
        ScopeSet scopes,
        Set<String> resources,
        Optional<String> defaultResource,
        Duration codeLifetime,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration sessionLifetime,
        Optional<RateLimit> loginPerIp,
        Optional<RateLimit> loginPerUser,
        Optional<RateLimit> loginPerUserTotal,
        OptionalInt loginConcurrency,
        boolean tasksEnabled,
        TaskIntervals taskIntervals,
        Duration pruneNeverUsedAfter,
        Duration pruneUnusedAfter,
        Duration auditRetention,
        AbuseThresholds abuse,
        String metrics,
        Optional<String> metricsToken,
        boolean clientIdMetadataDocuments,
        Set<String> documentHostsAllowed,
        List<GatewayRoute> gatewayRoutes,
        Duration gatewayTimeout,
        Optional<String> gatewaySharedSecret,
        LoginSettings login,
        AccessTokens accessTokens,
        Shutdown shutdown) {

    Settings {
        if (defaultResource.isPresent() && !resources.isEmpty() && !resources.contains(defaultResource.get())) {
            throw new ConfigurationException("DCR_DEFAULT_RESOURCE", "must be one of DCR_RESOURCES when that is set");
        }
        if (metrics.equals("token") && metricsToken.map(String::length).orElse(0) < 16) {
            throw new ConfigurationException("DCR_METRICS_TOKEN", "must be at least 16 characters when DCR_METRICS=token");
        }
        for (GatewayRoute route : gatewayRoutes) {
            if (!scopes.containsAll(route.requiredScopes())) {
                throw new ConfigurationException("DCR_GATEWAY_SCOPES", "route " + route.path() + " requires \""
                        + route.requiredScopes() + "\", which DCR_SCOPES (\"" + scopes + "\") does not all offer");
            }
        }
    }

    /** Hosts of hosted clients whose registrations spend a per-host budget, and that budget. */
    record HostedClients(Set<String> hosts, Optional<RateLimit> perHost) {}

    /**
     * The access token format and, for JWTs, the signing keys.
     *
     * @param jwt {@code DCR_ACCESS_TOKEN_FORMAT=jwt}: signed JWTs (RFC 9068) instead of opaque strings
     * @param keyEncryption how private keys are stored: encrypted under {@code DCR_KEY_ENCRYPTION_KEY}, or in clear
     */
    record AccessTokens(boolean jwt, String algorithm, Duration rotation, KeyEncryption keyEncryption,
            boolean preferredUsername) {}

    /**
     * What SIGTERM does: answer {@code /health/ready} 503 and keep serving for {@code drain}, so a load balancer
     * takes the instance out of rotation; then close the listener and give requests in flight up to {@code timeout}.
     */
    record Shutdown(Duration drain, Duration timeout) {}

    /** How often each recurring task runs. */
    record TaskIntervals(Duration prune, Duration purge, Duration scan) {}

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
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
                new HostedClients(
                        reader.read("DCR_HOSTED_CLIENT_HOSTS", "claude.ai,claude.com,chatgpt.com,vscode.dev,insiders.vscode.dev",
                                Settings::hostNames),
                        reader.read("DCR_REGISTER_PER_HOSTED_HOST", "1000/1h", RateLimit::parse)),
                reader.read("DCR_THROTTLE_MAX_KEYS", "50000", value -> integer(value, 100, 10_000_000)),
                reader.read("DCR_TOKEN_PER_IP", "600/1m", RateLimit::parse),
                reader.read("DCR_IPV6_PREFIX", Integer.toString(AddressBlock.DEFAULT_IPV6_PREFIX),
                        value -> integer(value, AddressBlock.MIN_IPV6_PREFIX, AddressBlock.MAX_IPV6_PREFIX)),
                reader.read("DCR_TRUSTED_PROXIES", "", Settings::proxies),
                reader.read("DCR_REDIRECT_SCHEMES", "", Settings::schemes),
                reader.read("DCR_SCOPES", "mcp", Settings::scopes),
                reader.read("DCR_RESOURCES", "", Settings::resources),
                reader.read("DCR_DEFAULT_RESOURCE", "", Settings::defaultResource),
                reader.read("DCR_CODE_TTL", "60s", value -> duration(value, OAuthSettings.MAX_CODE_LIFETIME)),
                reader.read("DCR_ACCESS_TOKEN_TTL", "1h", value -> duration(value, Duration.ofDays(1))),
                reader.read("DCR_REFRESH_TOKEN_TTL", "30d", value -> duration(value, Duration.ofDays(365))),
                reader.read("DCR_SESSION_TTL", "12h", value -> duration(value, Duration.ofDays(30))),
                reader.read("DCR_LOGIN_PER_IP", "30/15m", RateLimit::parse),
                reader.read("DCR_LOGIN_PER_USER", "10/15m", RateLimit::parse),
                reader.read("DCR_LOGIN_PER_USER_TOTAL", "100/15m", RateLimit::parse),
                reader.read("DCR_LOGIN_CONCURRENCY", "auto", Settings::loginConcurrency),
                reader.read("DCR_TASKS", "on", Settings::onOff),
                new TaskIntervals(
                        reader.read("DCR_PRUNE_INTERVAL", "1h", value -> duration(value, Duration.ofDays(7))),
                        reader.read("DCR_PURGE_INTERVAL", "1h", value -> duration(value, Duration.ofDays(7))),
                        reader.read("DCR_SCAN_INTERVAL", "5m", value -> duration(value, Duration.ofDays(1)))),
                reader.read("DCR_PRUNE_NEVER_USED_AFTER", "24h", value -> duration(value, Duration.ofDays(365))),
                reader.read("DCR_PRUNE_UNUSED_AFTER", "90d", value -> duration(value, Duration.ofDays(3650))),
                reader.read("DCR_AUDIT_RETENTION", "30d", value -> duration(value, Duration.ofDays(3650))),
                abuse(reader),
                reader.read("DCR_METRICS", "off", Settings::metricsMode),
                Optional.of(reader.read("DCR_METRICS_TOKEN", "", Function.identity())).filter(t -> !t.isEmpty()),
                reader.read("DCR_CLIENT_ID_METADATA_DOCUMENTS", "on", Settings::onOff),
                reader.read("DCR_DOCUMENT_HOSTS_ALLOWED", "", value -> Set.copyOf(commaList(value))),
                gatewayRoutes(reader),
                reader.read("DCR_GATEWAY_TIMEOUT", "30s", value -> duration(value, Duration.ofMinutes(10))),
                Optional.of(reader.read("DCR_GATEWAY_SHARED_SECRET", "", Settings::sharedSecret)).filter(s -> !s.isEmpty()),
                login(reader),
                new AccessTokens(
                        reader.read("DCR_ACCESS_TOKEN_FORMAT", "opaque", Settings::jwtFormat),
                        reader.read("DCR_JWT_ALG", "ES256", Settings::jwtAlgorithm),
                        reader.read("DCR_JWT_ROTATION", "30d", value -> atLeast(duration(value, Duration.ofDays(365)),
                                Duration.ofMinutes(1))),
                        reader.read("DCR_KEY_ENCRYPTION_KEY", "", value -> value.isEmpty()
                                ? KeyEncryption.none()
                                : KeyEncryption.withKey(value)),
                        reader.read("DCR_JWT_PREFERRED_USERNAME", "off", Settings::onOff)),
                new Shutdown(
                        reader.read("DCR_SHUTDOWN_DRAIN", "5s", value -> durationOrZero(value, Duration.ofMinutes(5))),
                        reader.read("DCR_SHUTDOWN_TIMEOUT", "20s", value -> duration(value, Duration.ofMinutes(10)))));
    }

    private static final Set<String> LOGIN_METHODS = Set.of("local", "oidc", "github");
    private static final Pattern GITHUB_ORG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}");

    /**
     * {@code DCR_LOGIN} and what each method needs. Without DCR_LOGIN, the providers whose variables are set are
     * offered, and the local form only when none is.
     */
    private static LoginSettings login(Reader reader) {
        // Every variable is read whatever DCR_LOGIN says, so one of a method not chosen is refused, not ignored.
        Optional<URI> oidcIssuer = reader.read("DCR_OIDC_ISSUER", "", value -> optional(value, Settings::providerUrl));
        String oidcClientId = reader.read("DCR_OIDC_CLIENT_ID", "", Function.identity());
        String oidcClientSecret = reader.read("DCR_OIDC_CLIENT_SECRET", "", Function.identity());
        String oidcScopes = reader.read("DCR_OIDC_SCOPES", "openid email profile", Settings::oidcScopes);
        String oidcName = reader.read("DCR_OIDC_NAME", "OpenID Connect", Settings::nonBlank);
        URI githubUrl = reader.read("DCR_GITHUB_URL", "https://github.com", Settings::providerUrl);
        String githubClientId = reader.read("DCR_GITHUB_CLIENT_ID", "", Function.identity());
        String githubClientSecret = reader.read("DCR_GITHUB_CLIENT_SECRET", "", Function.identity());
        Set<String> orgs = reader.read("DCR_GITHUB_ORGS", "", Settings::githubOrgs);
        String fallback = oidcIssuer.isPresent() || !githubClientId.isEmpty()
                ? String.join(",", oidcIssuer.isPresent() ? "oidc" : "", githubClientId.isEmpty() ? "" : "github")
                : "local";
        Set<String> methods = reader.read("DCR_LOGIN", fallback, Settings::loginMethods);
        Optional<LoginSettings.Oidc> oidc = Optional.empty();
        if (methods.contains("oidc")) {
            oidc = Optional.of(new LoginSettings.Oidc(
                    oidcIssuer.orElseThrow(() -> new ConfigurationException("DCR_OIDC_ISSUER", "is required with oidc"
                            + " in DCR_LOGIN")),
                    required("DCR_OIDC_CLIENT_ID", oidcClientId, "oidc"),
                    required("DCR_OIDC_CLIENT_SECRET", oidcClientSecret, "oidc"), oidcScopes, oidcName));
        } else if (oidcIssuer.isPresent()) {
            throw new ConfigurationException("DCR_OIDC_ISSUER", "is set, but DCR_LOGIN does not include oidc");
        }
        Optional<LoginSettings.GitHub> github = Optional.empty();
        if (methods.contains("github")) {
            github = Optional.of(new LoginSettings.GitHub(githubUrl,
                    required("DCR_GITHUB_CLIENT_ID", githubClientId, "github"),
                    required("DCR_GITHUB_CLIENT_SECRET", githubClientSecret, "github")));
        } else if (!githubClientId.isEmpty() || !orgs.isEmpty()) {
            throw new ConfigurationException(orgs.isEmpty() ? "DCR_GITHUB_CLIENT_ID" : "DCR_GITHUB_ORGS",
                    "is set, but DCR_LOGIN does not include github");
        }
        return new LoginSettings(methods.contains("local"), oidc, github,
                reader.read("DCR_LOGIN_ALLOWED_DOMAINS", "", Settings::hostNames),
                reader.read("DCR_LOGIN_REQUIRED_CLAIM", "", value -> optional(value, RequiredClaim::parse)),
                orgs,
                reader.read("DCR_LOGIN_ADMINS", "", value -> Set.copyOf(commaList(value))));
    }

    private static <T> Optional<T> optional(String value, Function<String, T> parse) {
        return value.isEmpty() ? Optional.empty() : Optional.of(parse.apply(value));
    }

    private static String required(String variable, String value, String method) {
        if (value.isEmpty()) {
            throw new ConfigurationException(variable, "is required with " + method + " in DCR_LOGIN");
        }
        return value;
    }

    /** Whether {@code DCR_ACCESS_TOKEN_FORMAT} asks for JWTs. */
    private static boolean jwtFormat(String value) {
        if (value.equals("opaque") || value.equals("jwt")) {
            return value.equals("jwt");
        }
        throw new IllegalArgumentException("must be opaque or jwt, got \"" + value + "\"");
    }

    private static String jwtAlgorithm(String value) {
        if (!NimbusJwtSigner.supported().contains(value)) {
            throw new IllegalArgumentException("must be one of " + NimbusJwtSigner.supported() + ", got \"" + value
                    + "\" (EdDSA would need Google Tink beside Nimbus; see docs/operations.md)");
        }
        return value;
    }

    private static Set<String> loginMethods(String value) {
        Set<String> methods = commaList(value).stream().map(m -> m.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (methods.isEmpty() || !LOGIN_METHODS.containsAll(methods)) {
            throw new IllegalArgumentException("must be local, oidc, github or a comma list of them, got \"" + value
                    + "\"");
        }
        return methods;
    }

    /** A provider's URL: https, or http on a loopback host for a provider on this machine (tests, development). */
    private static URI providerUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = uri.getHost() != null && LoopbackHost.is(uri.getHost());
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
            throw new IllegalArgumentException("must be an https URL (http only on a loopback host) without query or "
                    + "fragment, got \"" + value + "\"");
        }
        return URI.create(value.replaceAll("/+$", ""));
    }

    private static String oidcScopes(String value) {
        if (!Arrays.asList(value.split(" +")).contains("openid")) {
            throw new IllegalArgumentException("must include openid, got \"" + value + "\"");
        }
        return value;
    }

    private static Set<String> githubOrgs(String value) {
        Set<String> orgs = Set.copyOf(commaList(value));
        for (String org : orgs) {
            if (!GITHUB_ORG.matcher(org).matches()) {
                throw new IllegalArgumentException("\"" + org + "\" is not a GitHub organisation name");
            }
        }
        return orgs;
    }

    private static Duration atLeast(Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException("must be at least " + min.toSeconds() + "s");
        }
        return value;

    }

    /** {@code DCR_GATEWAY} routes, each with its {@code DCR_GATEWAY_SCOPES} entry; none when DCR_GATEWAY is unset. */
    private static List<GatewayRoute> gatewayRoutes(Reader reader) {
        Map<String, ScopeSet> scopes = reader.read("DCR_GATEWAY_SCOPES", "", Settings::gatewayScopes);
        Map<String, URI> upstreams = reader.read("DCR_GATEWAY", "", Settings::gatewayUpstreams);
        for (String path : scopes.keySet()) {
            if (!upstreams.containsKey(path)) {
                throw new ConfigurationException("DCR_GATEWAY_SCOPES", "names " + path + ", which DCR_GATEWAY does not route");
            }
        }
        List<GatewayRoute> routes = new ArrayList<>();
        upstreams.forEach((path, upstream) -> routes.add(
                new GatewayRoute(path, upstream, scopes.getOrDefault(path, ScopeSet.EMPTY))));
        return List.copyOf(routes);
    }

    /** {@code /mcp=http://127.0.0.1:3000/mcp,/github=http://10.0.0.7:8080/mcp}, in that order, each path once. */
    private static Map<String, URI> gatewayUpstreams(String value) {
        Map<String, URI> routes = new LinkedHashMap<>();
        for (String entry : commaList(value)) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected <path>=<upstream URL>, such as /mcp=http://127.0.0.1:3000/mcp");
            }
            String path = parts[0].trim();
            GatewayRoute.pathProblem(path).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            URI upstream;
            try {
                upstream = new URI(parts[1].trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("gateway upstream \"" + parts[1].trim() + "\" is not a valid URL");
            }
            if (routes.keySet().stream().anyMatch(other -> path.startsWith(other + "/") || other.startsWith(path + "/")
                    || other.equals(path))) {
                throw new IllegalArgumentException("gateway path " + path + " overlaps another route");
            }
            // GatewayRoute checks the upstream; its message names what is wrong.
            new GatewayRoute(path, upstream, ScopeSet.EMPTY);
            routes.put(path, upstream);
        }
        return routes;
    }

    /** {@code /mcp=read write;/github=repo}: the scopes each route requires. */
    private static Map<String, ScopeSet> gatewayScopes(String value) {
        Map<String, ScopeSet> scopes = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[1].isBlank() || !ScopeSet.isWellFormed(parts[1].trim())) {
                throw new IllegalArgumentException("expected <path>=<scope> <scope>;..., such as /mcp=mcp files:read");
            }
            if (scopes.put(parts[0].trim(), ScopeSet.parse(parts[1].trim())) != null) {
                throw new IllegalArgumentException("names " + parts[0].trim() + " twice");
            }
        }
        return scopes;
    }

    /** Sent to upstreams in a header: printable ASCII, and long enough not to be guessed. */
    private static String sharedSecret(String value) {
        if (!value.isEmpty() && (value.length() < 16 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("must be at least 16 printable ASCII characters without spaces");
        }
        return value;
    }

    /** The gateway's routes as resources of this issuer. */
    GatewaySettings gateway() {
        return new GatewaySettings(gatewayRoutes.stream().map(route -> ProtectedResource.of(issuer, route)).toList(),
                gatewayTimeout, gatewaySharedSecret);
    }

    /**
     * The resource indicators tokens may be issued for. A configured list gets the gateway's resources added, so
     * DCR_RESOURCES need not repeat them; an empty list still accepts any resource.
     */
    Set<String> allowedResources() {
        if (resources.isEmpty()) {
            return resources;
        }
        Set<String> allowed = new java.util.LinkedHashSet<>(resources);
        gateway().resources().forEach(resource -> allowed.add(resource.identifier()));
        return Set.copyOf(allowed);
    }

    private static AbuseThresholds abuse(Reader reader) {
        var defaults = AbuseThresholds.defaults();
        return new AbuseThresholds(
                reader.read("DCR_ABUSE_WINDOW", "1h", value -> duration(value, Duration.ofDays(7))),
                reader.read("DCR_ABUSE_PER_ADDRESS", Integer.toString(defaults.perAddress()), v -> integer(v, 1, 1_000_000)),
                reader.read("DCR_ABUSE_PER_NETWORK", Integer.toString(defaults.perNetwork()), v -> integer(v, 1, 1_000_000)),
                reader.read("DCR_ABUSE_IDENTICAL", Integer.toString(defaults.identicalBurst()), v -> integer(v, 1, 1_000_000)),
                reader.read("DCR_ABUSE_REDIRECT_HOSTS", Integer.toString(defaults.distinctRedirectHosts()),
                        v -> integer(v, 1, 1_000_000)),
                reader.read("DCR_ABUSE_REFUSED_REDIRECTS", Integer.toString(defaults.refusedRedirects()),
                        v -> integer(v, 1, 1_000_000)),
                reader.read("DCR_KNOWN_CLIENTS", "", value -> value.isEmpty() ? defaults.knownClients() : knownClients(value)));
    }

    /** {@code Name=host|host;Name=host}: the names attackers imitate and their vendors' redirect hosts. */
    private static List<KnownClient> knownClients(String value) {
        List<KnownClient> clients = new ArrayList<>();
        for (String entry : value.split(";")) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("expected Name=host|host;Name=host, such as Claude=claude.ai|anthropic.com");
            }
            Set<String> hosts = Arrays.stream(parts[1].split("\\|")).map(String::trim).filter(h -> !h.isEmpty())
                    .collect(Collectors.toSet());
            clients.add(new KnownClient(parts[0].trim(), hosts));
        }
        return clients;
    }

    private static boolean onOff(String value) {
        if (value.equals("on") || value.equals("off")) {
            return value.equals("on");
        }
        throw new IllegalArgumentException("must be on or off, got \"" + value + "\"");
    }

    /** {@code auto} (derived from the heap at start-up) or how many password checks may run at once. */
    private static OptionalInt loginConcurrency(String value) {
        return value.equals("auto") ? OptionalInt.empty() : OptionalInt.of(integer(value, 1, 1024));
    }

    private static String metricsMode(String value) {
        if (!Set.of("off", "public", "token").contains(value)) {
            throw new IllegalArgumentException("must be off, public or token, got \"" + value + "\"");
        }
        return value;
    }

    HttpSettings http() {
        return new HttpSettings(issuer, scopes, sessionLifetime, trustedProxies, HttpSettings.DEFAULT_MAX_BODY_BYTES,
                clientIdMetadataDocuments);
    }

    OAuthSettings oauth() {
        return new OAuthSettings(issuer, codeLifetime, accessTokenLifetime, refreshTokenLifetime, sessionLifetime);
    }

    /** {@code <n>s|m|h|d}, from one second up to {@code max}. */
    static Duration duration(String value, Duration max) {
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

    /** Like {@link #duration}, and {@code 0s} too. */
    static Duration durationOrZero(String value, Duration max) {
        return value.equalsIgnoreCase("0s") ? Duration.ZERO : duration(value, max);
    }

    private static ScopeSet scopes(String value) {
        if (value.isEmpty() || !ScopeSet.isWellFormed(value)) {
            throw new IllegalArgumentException("expected space-separated scope tokens such as \"mcp profile\"");
        }
        return ScopeSet.parse(value);
    }

    private static Set<String> resources(String value) {
        List<String> resources = commaList(value);
        resources.forEach(Settings::checkResource);
        return Set.copyOf(resources);
    }

    /** The audience of tokens requested without a resource; empty leaves them without one. */
    private static Optional<String> defaultResource(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        checkResource(value);
        return Optional.of(value);
    }

    private static void checkResource(String resource) {
        new AuthorizationRequestPolicy(ScopeSet.EMPTY, Set.of()).resourceProblem(resource).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + ": " + resource);
        });
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

    /** Comma-separated DNS host names, lower-cased. */
    private static Set<String> hostNames(String value) {
        Set<String> hosts = commaList(value).stream()
                .map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String host : hosts) {
            if (!HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("\"" + host + "\" is not a host name such as claude.ai");
            }
        }
        return hosts;
    }

    private static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
