package io.mcpdcr.adapters.http;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.javalin.http.Context;
import io.mcpdcr.domain.registration.LoopbackHost;
import java.io.StringWriter;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server-rendered HTML pages. Mustache escapes every value; the headers forbid framing, external content and
 * referrers, and the pages are never cached. Forms may post only to this server ({@code form-action 'self'}), and a
 * page whose form leads on to a client (sign-in, consent) also to the origin of that client's verified redirect URI:
 * browsers enforce form-action on the redirects that follow a submission too.
 */
final class Pages {
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final String[] TEMPLATES =
            {"login", "consent", "error", "admin", "admin-clients", "admin-client", "admin-users", "signed-out",
                "account"};

    private final Map<String, Mustache> templates = new HashMap<>();
    private final String issuerHost;

    Pages(String issuer) {
        var factory = new DefaultMustacheFactory("templates");
        for (String name : TEMPLATES) {
            templates.put(name, factory.compile(name + ".mustache")); // fail at start-up, not on first use
        }
        this.issuerHost = URI.create(issuer).getHost();
    }

    void render(Context ctx, int status, String template, String title, Map<String, Object> model) {
        render(ctx, status, template, title, model, Optional.empty());
    }

    /** @param redirectUri the client's verified redirect URI its form may lead to, after this server's redirects */
    void render(Context ctx, int status, String template, String title, Map<String, Object> model,
            Optional<String> redirectUri) {
        Map<String, Object> scope = new HashMap<>(model);
        scope.put("title", title);
        scope.put("issuerHost", issuerHost);
        StringWriter html = new StringWriter();
        templates.get(template).execute(html, scope);
        securityHeaders(ctx);
        redirectUri.map(Pages::formActionSources)
                .ifPresent(sources -> ctx.header("Content-Security-Policy", CSP + " " + sources));
        ctx.status(status).contentType("text/html; charset=utf-8").result(html.toString());
    }

    /**
     * The CSP sources that admit a redirect URI: its origin for https; any port of the loopback names for http
     * (RFC 8252 §7.3: the port changes per run; CSP cannot name an IPv6 address, so [::1] needs all of http:);
     * the scheme for a private-use scheme.
     */
    static String formActionSources(String redirectUri) {
        URI uri = URI.create(redirectUri);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && LoopbackHost.is(uri.getHost())) {
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return host.startsWith("[") ? "http:" : "http://" + host + ":*";
        }
        if (scheme.equals("https") && uri.getHost() != null) {
            return "https://" + uri.getRawAuthority().replaceFirst("^[^@]*@", "");
        }
        return scheme + ":";
    }

    /** A page for one of the pages' own errors, with its status from {@link ErrorStatuses#page}. */
    void error(Context ctx, PageError error, String heading, String message) {
        error(ctx, ErrorStatuses.page(error), heading, message, error.code());
    }

    /** A page for an OAuth error or an HTTP refusal whose status the caller has from its own table. */
    void error(Context ctx, int status, String heading, String message, String code) {
        Map<String, Object> model = new HashMap<>();
        model.put("heading", heading);
        model.put("message", message);
        if (code != null) {
            model.put("code", code);
        }
        render(ctx, status, "error", heading, model);
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
    }
}
