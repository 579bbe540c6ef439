package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser for the end-to-end tests: keeps the cookies the server sets (checking they are HttpOnly and
 * SameSite=Lax), never follows redirects, and reads the hidden fields of the sign-in and consent forms.
 */
final class Browser {
    private static final Pattern HIDDEN = Pattern.compile("name=\"(csrf_token|authorization_request|consent_id)\" value=\"([^\"]*)\"");

    /** A server that never answers fails the test rather than hanging the build. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new HashMap<>();
    private final String base;

    Browser(String base) {
        this.base = base;
    }

    /** A browser on another instance that carries over the cookies of {@code other}. */
    Browser(String base, Browser other) {
        this(base);
        cookies.putAll(other.cookies);
    }

    /** The values of the cookies the server set, e.g. the session secret. */
    java.util.Collection<String> cookieValues() {
        return List.copyOf(cookies.values());
    }

    /** The parameters of an encoded form body, in order. */
    static Map<String, String> formOf(String encoded) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    /** A path on the server, or an absolute URI. */
    HttpResponse<String> get(String pathOrUri) throws Exception {
        URI uri = pathOrUri.startsWith("/") ? URI.create(base + pathOrUri) : URI.create(pathOrUri);
        return send(HttpRequest.newBuilder(uri).GET());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    HttpResponse<String> postJson(String pathOrUri, String json) throws Exception {
        URI uri = pathOrUri.startsWith("/") ? URI.create(base + pathOrUri) : URI.create(pathOrUri);
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Signs in on a login page: the redirect back to the authorization request. */
    HttpResponse<String> signIn(HttpResponse<String> loginPage, String username, String password) throws Exception {
        return postForm("/o/login", Map.of("username", username, "password", password,
                "csrf_token", hidden(loginPage, "csrf_token"),
                "authorization_request", hidden(loginPage, "authorization_request")));
    }

    /** Answers a consent page with {@code approve} or {@code deny}: the redirect to the client. */
    HttpResponse<String> decide(HttpResponse<String> consentPage, String decision) throws Exception {
        return postForm("/o/consent", consentForm(consentPage, decision, false));
    }

    /** The consent form with a button pressed, and the "remember" box ticked or not (even where the page has none). */
    static Map<String, String> consentForm(HttpResponse<String> consentPage, String decision, boolean remember) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("decision", decision,
                "csrf_token", hidden(consentPage, "csrf_token"), "consent_id", hidden(consentPage, "consent_id"),
                "authorization_request", hidden(consentPage, "authorization_request")));
        if (remember) {
            form.put("remember", "yes");
        }
        return form;
    }

    /** Presses "Sign out" on a consent page. */
    HttpResponse<String> signOut(HttpResponse<String> consentPage) throws Exception {
        String body = consentPage.body();
        int start = body.indexOf("<form method=\"post\" action=\"/o/logout\">");
        assertThat(start).as("a sign-out form").isNotNegative();
        String fields = body.substring(start, body.indexOf("</form>", start));
        Matcher matcher = HIDDEN.matcher(fields);
        Map<String, String> form = new LinkedHashMap<>();
        while (matcher.find()) {
            form.put(matcher.group(1), unescape(matcher.group(2)));
        }
        return postForm("/o/logout", form);
    }

    Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name)).filter(value -> !value.isEmpty());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.timeout(ANSWER_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
            String pair = setCookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return response;
    }

    static String hidden(HttpResponse<String> page, String name) {
        Matcher matcher = HIDDEN.matcher(page.body());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return unescape(matcher.group(2));
            }
        }
        throw new AssertionError("no hidden field " + name + " in " + page.body());
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "=");
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> query(HttpResponse<String> redirect) {
        URI uri = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
