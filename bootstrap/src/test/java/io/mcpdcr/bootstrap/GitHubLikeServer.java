package io.mcpdcr.bootstrap;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.mcpdcr.domain.pkce.Pkce;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local server speaking GitHub's OAuth web flow and REST API as GitHub documents them, at GitHub Enterprise Server
 * paths: {@code /login/oauth/authorize} (redirects straight back, as for a user who already authorized the app),
 * {@code /login/oauth/access_token} (JSON on {@code Accept: application/json}; a bad code is a 200 with
 * {@code error}; PKCE checked), and {@code /api/v3/user}, {@code /user/emails}, {@code /user/orgs} with the token.
 */
final class GitHubLikeServer implements AutoCloseable {
    static final String CLIENT_ID = "Iv1.test-client";
    static final String CLIENT_SECRET = "github-client-secret";

    final String url;
    final AtomicReference<Account> signedIn = new AtomicReference<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Account> tokens = new ConcurrentHashMap<>();
    private final Javalin app;

    /** The person at GitHub, and what the API says of them. */
    record Account(long id, String login, String name, String email, boolean verified, List<String> orgs) {}

    private record Grant(Account account, String challenge, String redirectUri, String scope) {}

    GitHubLikeServer() {
        int port = FreePort.pick();
        url = "http://127.0.0.1:" + port;
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/login/oauth/authorize", this::authorize);
            config.routes.post("/login/oauth/access_token", this::accessToken);
            config.routes.get("/api/v3/user", ctx -> api(ctx, account -> Map.of("id", account.id(),
                    "login", account.login(), "name", account.name(), "email", account.email())));
            config.routes.get("/api/v3/user/emails", ctx -> api(ctx, account -> List.of(
                    Map.of("email", account.login() + "@users.noreply.github.com", "primary", false, "verified", true),
                    Map.of("email", account.email(), "primary", true, "verified", account.verified()))));
            config.routes.get("/api/v3/user/orgs", ctx -> api(ctx, account -> account.orgs().stream()
                    .map(org -> Map.of("login", org, "id", org.hashCode())).toList()));
        });
        app.start("127.0.0.1", port);
    }

    private void authorize(Context ctx) {
        if (!CLIENT_ID.equals(ctx.queryParam("client_id")) || !"S256".equals(ctx.queryParam("code_challenge_method"))) {
            ctx.status(400).result("bad authorization request");
            return;
        }
        String code = "gh-code-" + codes.size();
        codes.put(code, new Grant(signedIn.get(), ctx.queryParam("code_challenge"), ctx.queryParam("redirect_uri"),
                ctx.queryParam("scope")));
        ctx.redirect(ctx.queryParam("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(ctx.queryParam("state"), StandardCharsets.UTF_8));
    }

    private void accessToken(Context ctx) {
        Grant grant = codes.remove(String.valueOf(ctx.formParam("code")));
        boolean client = CLIENT_ID.equals(ctx.formParam("client_id"))
                && CLIENT_SECRET.equals(ctx.formParam("client_secret"));
        if (!"application/json".equals(ctx.header("Accept")) || !client || grant == null
                || !grant.redirectUri().equals(ctx.formParam("redirect_uri"))
                || !Pkce.matches(grant.challenge(), String.valueOf(ctx.formParam("code_verifier")))) {
            ctx.json(Map.of("error", "bad_verification_code",
                    "error_description", "The code passed is incorrect or expired."));
            return;
        }
        String token = "gho_" + grant.account().id() + "_" + tokens.size();
        tokens.put(token, grant.account());
        ctx.json(Map.of("access_token", token, "token_type", "bearer", "scope", grant.scope()));
    }

    private void api(Context ctx, java.util.function.Function<Account, Object> answer) {
        String authorization = String.valueOf(ctx.header("Authorization"));
        Account account = authorization.startsWith("Bearer ") ? tokens.get(authorization.substring(7)) : null;
        if (account == null) {
            ctx.status(401).json(Map.of("message", "Bad credentials"));
            return;
        }
        ctx.json(answer.apply(account));
    }

    @Override
    public void close() {
        app.stop();
    }
}
