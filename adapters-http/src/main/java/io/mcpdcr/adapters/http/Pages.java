package io.mcpdcr.adapters.http;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.javalin.http.Context;
import java.io.StringWriter;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Server-rendered HTML pages. Mustache escapes every value; the headers forbid framing, external content and
 * referrers, and the pages are never cached.
 */
final class Pages {
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final String[] TEMPLATES = {"login", "consent", "error", "admin"};

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
        Map<String, Object> scope = new HashMap<>(model);
        scope.put("title", title);
        scope.put("issuerHost", issuerHost);
        StringWriter html = new StringWriter();
        templates.get(template).execute(html, scope);
        securityHeaders(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(html.toString());
    }

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
