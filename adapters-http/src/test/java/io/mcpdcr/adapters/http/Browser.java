package io.mcpdcr.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser on a real socket: it keeps cookies itself (from Set-Cookie, back as Cookie), never follows a redirect
 * unless told to, and fills in the server's forms from their hidden fields as a person submitting them would.
 */
final class Browser {
    static final String SESSION_COOKIE = "dcr_session";
    static final String LOGIN_CSRF_COOKIE = "dcr_login_csrf";

    private final TestServer server;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, List<String>> cookieAttributes = new LinkedHashMap<>();

    Browser(TestServer server) {
        this.server = server;
    }

    HttpResponse<String> get(String pathAndQuery) {
        return exchange(HttpRequest.newBuilder(server.uri(pathAndQuery)).GET());
    }

    HttpResponse<String> post(String path, Form form) {
        return exchange(HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.encode())));
    }

    HttpResponse<String> authorize(Form request) {
        return get(AuthorizationRoutes.AUTHORIZE + "?" + request.encode());
    }

    /** Follows a redirect that stays on this server (its Location is a path). */
    HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = location(redirect);
        assertThat(location).as("a redirect within the server").startsWith("/");
        return get(location);
    }

    /** The sign-in form of a login page, filled in. */
    Form loginForm(HttpResponse<String> loginPage, String username, String password) {
        return Form.of(
                "csrf_token", hiddenField(loginPage, "csrf_token"),
                "authorization_request", hiddenField(loginPage, "authorization_request"),
                "username", username,
                "password", password);
    }

    HttpResponse<String> submitLogin(HttpResponse<String> loginPage, String username, String password) {
        return post(AuthorizationRoutes.LOGIN, loginForm(loginPage, username, password));
    }

    /** Starts an authorization request, signs in and follows the redirect back to the authorization endpoint. */
    HttpResponse<String> signIn(Form request, String username, String password) {
        HttpResponse<String> loginPage = authorize(request);
        assertThat(loginPage.statusCode()).as("login page: %s", loginPage.body()).isEqualTo(200);
        HttpResponse<String> loggedIn = submitLogin(loginPage, username, password);
        assertThat(loggedIn.statusCode()).as("login answer: %s", loggedIn.body()).isEqualTo(303);
        return follow(loggedIn);
    }

    /** The consent form of a consent page with the button pressed ({@code approve} or {@code deny}). */
    Form consentForm(HttpResponse<String> consentPage, String decision, boolean remember) {
        Form form = Form.of(
                "csrf_token", hiddenField(consentPage, "csrf_token"),
                "authorization_request", hiddenField(consentPage, "authorization_request"),
                "consent_id", hiddenField(consentPage, "consent_id"),
                "decision", decision);
        return remember ? form.add("remember", "yes") : form;
    }

    /** Presses "Sign out" on a consent page. */
    HttpResponse<String> signOut(HttpResponse<String> consentPage) {
        Matcher form = Pattern.compile("<form method=\"post\" action=\"/o/logout\">(.*?)</form>", Pattern.DOTALL)
                .matcher(consentPage.body());
        if (!form.find()) {
            throw new AssertionError("no sign-out form in:\n" + consentPage.body());
        }
        String fields = form.group(1);
        return post(AuthorizationRoutes.LOGOUT, Form.of(
                "csrf_token", unescapeHtml(field(fields, "csrf_token")),
                "authorization_request", unescapeHtml(field(fields, "authorization_request"))));
    }

    private static String field(String html, String name) {
        Matcher field = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\">")
                .matcher(html);
        if (!field.find()) {
            throw new AssertionError("no hidden field " + name + " in:\n" + html);
        }
        return field.group(1);
    }

    HttpResponse<String> submitConsent(HttpResponse<String> consentPage, String decision, boolean remember) {
        return post(AuthorizationRoutes.CONSENT, consentForm(consentPage, decision, remember));
    }

    /** The cookie this browser would send, if any. */
    Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** The attributes the server last set the cookie with, e.g. {@code HttpOnly}, {@code SameSite=Lax}. */
    List<String> cookieAttributes(String name) {
        return cookieAttributes.getOrDefault(name, List.of());
    }

    void dropCookie(String name) {
        cookies.remove(name);
    }

    /** Sends a cookie the server never set, as an attacker's browser would. */
    void forgeCookie(String name, String value) {
        cookies.put(name, value);
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location header; status " + response.statusCode()));
    }

    /** The target of the "Return to" link of an error page, HTML entities decoded. */
    static String returnLink(HttpResponse<String> page) {
        Matcher link = Pattern.compile("<a class=\"button\" href=\"([^\"]*)\"").matcher(page.body());
        if (!link.find()) {
            throw new AssertionError("no return link in:\n" + page.body());
        }
        return unescapeHtml(link.group(1));
    }

    /** The value of a hidden input, HTML entities decoded as a browser would. */
    static String hiddenField(HttpResponse<String> page, String name) {
        Matcher field = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\">")
                .matcher(page.body());
        if (!field.find()) {
            throw new AssertionError("no hidden field " + name + " in:\n" + page.body());
        }
        return unescapeHtml(field.group(1));
    }

    private static String unescapeHtml(String text) {
        String numeric = Pattern.compile("&#(\\d+);").matcher(text)
                .replaceAll(entity -> Matcher.quoteReplacement(
                        Character.toString(Integer.parseInt(entity.group(1)))));
        return numeric.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = server.send(request);
        response.headers().allValues("Set-Cookie").forEach(this::store);
        return response;
    }

    private void store(String setCookie) {
        List<String> parts = Arrays.stream(setCookie.split(";")).map(String::trim).toList();
        String[] nameValue = parts.get(0).split("=", 2);
        boolean expired = nameValue[1].isEmpty() || parts.stream().anyMatch(part -> part.equalsIgnoreCase("Max-Age=0"));
        if (expired) {
            cookies.remove(nameValue[0]);
        } else {
            cookies.put(nameValue[0], nameValue[1]);
        }
        cookieAttributes.put(nameValue[0], parts.subList(1, parts.size()));
    }
}
