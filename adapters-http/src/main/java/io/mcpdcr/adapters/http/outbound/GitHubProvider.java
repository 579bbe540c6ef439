package io.mcpdcr.adapters.http.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.application.port.UpstreamProvider;
import io.mcpdcr.domain.identity.ExternalIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub's OAuth 2 (no ID token), as GitHub documents it: authorize at {@code <url>/login/oauth/authorize} with PKCE,
 * redeem at {@code <url>/login/oauth/access_token} (JSON with {@code Accept: application/json}; an error is a 200
 * with {@code error}), then ask the REST API who it is: {@code GET /user}, {@code GET /user/emails} (the verified
 * primary address) and, when organisations are required, {@code GET /user/orgs}. The API is
 * {@code https://api.github.com} for github.com and {@code <url>/api/v3} for GitHub Enterprise Server. The access
 * token is used for these calls and then dropped; the subject is the numeric user id, which survives renames.
 */
public final class GitHubProvider implements UpstreamProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubProvider.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final URI api;
    private final String clientId;
    private final String clientSecret;
    private final boolean organisations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param organisations whether to read the person's organisations (scope {@code read:org}) */
    public GitHubProvider(URI base, String clientId, String clientSecret, boolean organisations) {
        String url = base.toString().replaceAll("/+$", "");
        this.base = URI.create(url);
        this.api = URI.create(apiBase(this.base));
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.organisations = organisations;
    }

    /** github.com's API has its own host; GitHub Enterprise Server serves it under {@code /api/v3}. */
    static String apiBase(URI base) {
        String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
        return host.equals("github.com") || host.equals("www.github.com") ? "https://api.github.com" : base + "/api/v3";
    }

    @Override
    public String id() {
        return "github";
    }

    @Override
    public String displayName() {
        return "GitHub";
    }

    @Override
    public Optional<URI> authorizationUrl(String state, String nonce, String codeChallenge, URI callback) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", callback.toString());
        query.put("scope", organisations ? "read:user user:email read:org" : "read:user user:email");
        query.put("state", state);
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        query.put("allow_signup", "false");
        return Optional.of(URI.create(base + "/login/oauth/authorize?" + form(query)));
    }

    @Override
    public Answer exchange(String code, String codeVerifier, String nonce, URI callback) {
        try {
            Map<String, String> grant = new LinkedHashMap<>();
            grant.put("client_id", clientId);
            grant.put("client_secret", clientSecret);
            grant.put("code", code);
            grant.put("redirect_uri", callback.toString());
            grant.put("code_verifier", codeVerifier);
            HttpResponse<String> tokenResponse = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/login/oauth/access_token"))
                    .timeout(TIMEOUT)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(grant)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (tokenResponse.statusCode() >= 500) {
                return new Answer.Unavailable("token endpoint answered " + tokenResponse.statusCode());
            }
            JsonNode token = JSON.readTree(tokenResponse.body());
            String accessToken = token.path("access_token").asText("");
            if (tokenResponse.statusCode() != 200 || accessToken.isEmpty()) {
                return new Answer.Rejected("token endpoint refused: " + token.path("error").asText("no access_token"));
            }
            return identity(accessToken);
        } catch (IOException e) {
            LOG.warn("GitHub unreachable: {}", e.getMessage());
            return new Answer.Unavailable("GitHub unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Unavailable("interrupted");
        }
    }

    private Answer identity(String accessToken) throws IOException, InterruptedException {
        Optional<JsonNode> user = get("/user", accessToken);
        if (user.isEmpty() || !user.get().path("id").canConvertToLong()) {
            return new Answer.Rejected("GET /user failed");
        }
        Optional<JsonNode> emails = get("/user/emails", accessToken);
        Optional<String> email = Optional.empty();
        boolean verified = false;
        for (JsonNode entry : emails.orElse(JSON.createArrayNode())) {
            if (entry.path("primary").asBoolean(false)) {
                email = Optional.of(entry.path("email").asText()).filter(text -> !text.isEmpty());
                verified = entry.path("verified").asBoolean(false);
            }
        }
        Set<String> orgs = new HashSet<>();
        if (organisations) {
            Optional<JsonNode> memberships = get("/user/orgs?per_page=100", accessToken);
            if (memberships.isEmpty()) {
                return new Answer.Rejected("GET /user/orgs failed");
            }
            memberships.get().forEach(org -> orgs.add(org.path("login").asText()));
        }
        JsonNode profile = user.get();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("login", profile.path("login").asText());
        return new Answer.Verified(new ExternalIdentity(id(), Long.toString(profile.path("id").asLong()),
                text(profile, "login"), email, verified, text(profile, "name"), claims, orgs));
    }

    /** A GET of the REST API; empty when it does not answer 200. */
    private Optional<JsonNode> get(String path, String accessToken) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + accessToken)
                .header("X-GitHub-Api-Version", "2022-11-28")
                .GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw new IOException("GitHub API answered " + response.statusCode());
        }
        return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()).filter(t -> !t.isBlank()) : Optional.empty();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
