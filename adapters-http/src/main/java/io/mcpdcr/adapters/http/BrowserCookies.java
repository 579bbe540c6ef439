package io.mcpdcr.adapters.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * The cookies of the browser flow: the login session, the login form's CSRF token, and the binding of a sign-in
 * at an upstream provider to the browser that started it. HttpOnly and SameSite=Lax
 * always; {@code Secure} with the {@code __Host-} prefix when the issuer is https, so no subdomain can set them.
 */
final class BrowserCookies {
    private final boolean secure;

    BrowserCookies(boolean secure) {
        this.secure = secure;
    }

    Optional<String> session(Context ctx) {
        return read(ctx, name("dcr_session"));
    }

    void setSession(Context ctx, String value, Duration lifetime) {
        set(ctx, name("dcr_session"), value, lifetime);
    }

    /** Tells the browser to drop its session cookie. */
    void clearSession(Context ctx) {
        set(ctx, name("dcr_session"), "", Duration.ZERO);
    }

    Optional<String> loginCsrf(Context ctx) {
        return read(ctx, name("dcr_login_csrf"));
    }

    void setLoginCsrf(Context ctx, String value) {
        set(ctx, name("dcr_login_csrf"), value, Duration.ofHours(1));
    }

    /** Binds a sign-in at an upstream provider to this browser until its callback. */
    Optional<String> upstreamBinding(Context ctx) {
        return read(ctx, name("dcr_upstream"));
    }

    void setUpstreamBinding(Context ctx, String value) {
        set(ctx, name("dcr_upstream"), value, Duration.ofMinutes(10));
    }

    void clearUpstreamBinding(Context ctx) {
        set(ctx, name("dcr_upstream"), "", Duration.ZERO);
    }

    private String name(String base) {
        return secure ? "__Host-" + base : base;
    }

    private static Optional<String> read(Context ctx, String name) {
        return Optional.ofNullable(ctx.cookie(name)).filter(value -> !value.isEmpty());
    }

    private void set(Context ctx, String name, String value, Duration lifetime) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + lifetime.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
