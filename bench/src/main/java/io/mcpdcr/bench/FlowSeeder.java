package io.mcpdcr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpdcr.domain.pkce.Pkce;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds the code-exchange, refresh and introspection workloads through the service's real HTTP flow, as a browser and
 * an MCP client would: register, sign in (with the form's CSRF token and cookie), consent once with "remember", then
 * collect authorization codes with PKCE (the remembered consent answers each authorization with a code at once) and
 * redeem some of them for tokens.
 *
 * <pre>
 * FlowSeeder setup  BASE STATE              (password in BENCH_PASSWORD; user "bench")
 * FlowSeeder codes  BASE STATE N CODES_FILE
 * FlowSeeder tokens BASE STATE N REFRESH_FILE ACCESS_FILE
 * </pre>
 * With BENCH_RESOURCE set, every authorization and token request carries it as {@code resource} (RFC 8707): tokens
 * for a gateway route.
 */
public final class FlowSeeder {
    public static final String VERIFIER = "bench-verifier-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG";
    // https: a consent is never remembered for a loopback redirect (RFC 8252 §8.6). Only the Location is read.
    public static final String REDIRECT = "https://bench.example/callback";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIDDEN = Pattern.compile("name=\"(csrf_token|authorization_request|consent_id)\" value=\"([^\"]*)\"");
    private static final int PARALLEL = 8;
    private static final String RESOURCE = System.getenv().getOrDefault("BENCH_RESOURCE", "");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String clientId;

    private FlowSeeder(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        var seeder = new FlowSeeder(args[1]);
        Path state = Path.of(args[2]);
        switch (args[0]) {
            case "setup" -> seeder.setUp(System.getenv("BENCH_PASSWORD"), state);
            case "codes" -> {
                seeder.load(state);
                Files.write(Path.of(args[4]), seeder.codes(Integer.parseInt(args[3])));
            }
            case "tokens" -> {
                seeder.load(state);
                seeder.tokens(Integer.parseInt(args[3]), Path.of(args[4]), Path.of(args[5]));
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private void setUp(String password, Path state) throws Exception {
        HttpResponse<String> registered = send(HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Claude Code (bench seeder)\","
                        + "\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}")));
        expect(registered, 201);
        clientId = JSON.readTree(registered.body()).path("client_id").asText();

        HttpResponse<String> loginPage = get(authorizePath());
        expect(loginPage, 200);
        HttpResponse<String> signedIn = postForm("/o/login", Map.of("username", "bench", "password", password,
                "csrf_token", hidden(loginPage, "csrf_token"),
                "authorization_request", hidden(loginPage, "authorization_request")));
        expect(signedIn, 303);
        HttpResponse<String> consentPage = get(signedIn.headers().firstValue("Location").orElseThrow());
        expect(consentPage, 200);
        HttpResponse<String> approved = postForm("/o/consent", Map.of("decision", "approve", "remember", "yes",
                "csrf_token", hidden(consentPage, "csrf_token"), "consent_id", hidden(consentPage, "consent_id"),
                "authorization_request", hidden(consentPage, "authorization_request")));
        expect(approved, 303);

        var properties = new Properties();
        properties.setProperty("client_id", clientId);
        properties.setProperty("cookie", cookieHeader());
        try (Writer out = Files.newBufferedWriter(state)) {
            properties.store(out, "bench seeder state: the client and the signed-in session");
        }
    }

    private void load(Path state) throws IOException {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(state)) {
            properties.load(in);
        }
        clientId = properties.getProperty("client_id");
        for (String pair : properties.getProperty("cookie").split("; ")) {
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
    }

    /** {@code n} fresh codes: each authorization is answered by a redirect carrying one, since consent is remembered. */
    private List<String> codes(int n) throws Exception {
        return inParallel(n, () -> {
            HttpResponse<String> answer = get(authorizePath());
            expect(answer, 302);
            return query(answer.headers().firstValue("Location").orElseThrow()).get("code");
        });
    }

    private void tokens(int n, Path refreshFile, Path accessFile) throws Exception {
        List<String> pairs = inParallel(n, () -> {
            HttpResponse<String> answer = get(authorizePath());
            expect(answer, 302);
            String code = query(answer.headers().firstValue("Location").orElseThrow()).get("code");
            Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code",
                    "client_id", clientId, "code", code, "redirect_uri", REDIRECT, "code_verifier", VERIFIER));
            if (!RESOURCE.isEmpty()) {
                form.put("resource", RESOURCE);
            }
            HttpResponse<String> tokens = postForm("/o/token/", form);
            expect(tokens, 200);
            JsonNode json = JSON.readTree(tokens.body());
            return json.path("refresh_token").asText() + " " + json.path("access_token").asText();
        });
        Files.write(refreshFile, pairs.stream().map(p -> p.split(" ")[0]).toList());
        Files.write(accessFile, pairs.stream().map(p -> p.split(" ")[1]).toList());
    }

    private interface Step {
        String run() throws Exception;
    }

    private static List<String> inParallel(int n, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<String>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(step::run));
            }
            List<String> results = new ArrayList<>(n);
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private String authorizePath() {
        return "/o/authorize/?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT)
                + "&state=bench&scope=mcp&code_challenge=" + Pkce.s256(VERIFIER) + "&code_challenge_method=S256"
                + (RESOURCE.isEmpty() ? "" : "&resource=" + enc(RESOURCE));
    }

    private HttpResponse<String> get(String pathOrUri) throws Exception {
        URI uri = pathOrUri.startsWith("/") ? URI.create(base + pathOrUri) : URI.create(pathOrUri);
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<String> postForm(String path, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String cookie = cookieHeader();
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (cookies) {
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return response;
    }

    private String cookieHeader() {
        synchronized (cookies) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            return header.toString();
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ", expected " + status);
        }
    }

    private static String hidden(HttpResponse<String> page, String name) {
        Matcher matcher = HIDDEN.matcher(page.body());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2).replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "=");
            }
        }
        throw new IllegalStateException("no hidden field " + name + " on the page");
    }

    private static Map<String, String> query(String location) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
