import java.io.IOException;
import java.io.PrintWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The load generator and checker of deploy/cluster.sh, a single file run with {@code java -cp dcr-server.jar
 * ClusterLoad.java MODE …} (the jar only lends the PostgreSQL driver to {@code verify}). Every request goes through
 * nginx unless a mode says otherwise; results are written to files the script reads, one line per fact.
 *
 * <ul>
 *   <li>{@code limits BASE OUT}: 30 registrations from one forwarded address, then 1,000 from 1,000 others, 32 at a time</li>
 *   <li>{@code load BASE OUT RATE SECONDS USER PASSWORD RS_ID RS_SECRET}: a steady RATE/s of registrations, refresh-token
 *       grants and introspections (a third each) for SECONDS; writes what was acknowledged and what failed</li>
 *   <li>{@code verify JDBC_URL OUT}: every acknowledged client_id and token is in the database</li>
 *   <li>{@code login BASE USER PASSWORD INSTANCE…}: a sign-in through nginx is valid on each instance reached directly</li>
 * </ul>
 */
public final class ClusterLoad {
    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final String VERIFIER = "cluster-load-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HIDDEN =
            Pattern.compile("name=\"(csrf_token|authorization_request|consent_id)\" value=\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** Requests under way at most: past it the clock waits, and the rate achieved shows the service fell behind. */
    private static final int MAX_IN_FLIGHT = 1000;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "limits" -> limits(args[1], Path.of(args[2]));
            case "load" -> load(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5],
                    args[6], args[7], args[8]);
            case "verify" -> verify(args[1], Path.of(args[2]));
            case "login" -> login(args[1], args[2], args[3], List.of(args).subList(4, args.length));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    // ---- limits ----------------------------------------------------------------------------------------------------

    private static void limits(String base, Path out) throws Exception {
        int oneAddress = count201(base, 30, i -> "198.51.100.7");
        int manyAddresses = count201(base, 1000, i -> "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256));
        Files.writeString(out, "one_address_created=" + oneAddress + "\nmany_addresses_created=" + manyAddresses + "\n");
    }

    private static int count201(String base, int requests, java.util.function.IntFunction<String> address)
            throws Exception {
        Semaphore inFlight = new Semaphore(32);
        AtomicInteger created = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            all.add(HTTP.sendAsync(registration(base, address.apply(i)), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((answer, failure) -> {
                        inFlight.release();
                        if (answer != null && answer.statusCode() == 201) {
                            created.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        return created.get();
    }

    private static HttpRequest registration(String base, String forwardedFor) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Cluster load\",\"redirect_uris\":[\""
                        + REDIRECT + "\"]}"));
        if (forwardedFor != null) {
            // As an outer proxy would send it: nginx appends its peer, and the service believes only nginx.
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder.build();
    }

    // ---- load ------------------------------------------------------------------------------------------------------

    /** A failed request: when it was sent and when it ended (epoch ms), its kind, its status (0: no answer) and why. */
    private record Outcome(long atMillis, long endedMillis, String kind, int status, String problem) {}

    private static void load(String base, Path out, int rate, int seconds, String user, String password,
            String resourceServer, String resourceSecret) throws Exception {
        Files.createDirectories(out);
        Seed seed = seed(base, user, password, 64);
        Queue<String> refreshTokens = new ConcurrentLinkedQueue<>(seed.refreshTokens());
        Queue<String> accessTokens = new ConcurrentLinkedQueue<>(seed.accessTokens());
        Queue<String> registered = new ConcurrentLinkedQueue<>();
        Queue<String> issued = new ConcurrentLinkedQueue<>(); // "access refresh" per acknowledged token answer
        Queue<Outcome> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> ok = Map.of("register", new AtomicInteger(), "refresh", new AtomicInteger(),
                "introspect", new AtomicInteger());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong sent = new AtomicLong();
        AtomicInteger brokenChains = new AtomicInteger();
        String basic = "Basic " + Base64.getEncoder().encodeToString((resourceServer + ":" + resourceSecret)
                .getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        long total = (long) rate * seconds;
        List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        Files.writeString(out.resolve("started"), Long.toString(System.currentTimeMillis()));
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        clock.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            if (n >= total) {
                done.countDown();
                return;
            }
            inFlight.acquireUninterruptibly();
            long began = System.nanoTime();
            long at = System.currentTimeMillis();
            int kind = (int) (n % 3);
            CompletableFuture<?> request;
            if (kind == 0) {
                request = HTTP.sendAsync(registration(base, null), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((answer, failure) -> {
                            if (answer != null && answer.statusCode() == 201) {
                                registered.add(group(CLIENT_ID, answer.body()));
                                ok.get("register").incrementAndGet();
                            } else {
                                failures.add(outcome(at, "register", answer, failure));
                            }
                        });
            } else if (kind == 1 && !refreshTokens.isEmpty()) {
                String token = refreshTokens.poll();
                request = HTTP.sendAsync(form(base + "/o/token/", null, Map.of("grant_type", "refresh_token",
                        "client_id", seed.clientId(), "refresh_token", token)), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((answer, failure) -> {
                            if (answer != null && answer.statusCode() == 200) {
                                String access = group(ACCESS, answer.body());
                                String refresh = group(REFRESH, answer.body());
                                issued.add(access + " " + refresh);
                                accessTokens.add(access);
                                refreshTokens.add(refresh);
                                ok.get("refresh").incrementAndGet();
                            } else {
                                // The old token may be spent or not: never replayed (a replay revokes its family).
                                brokenChains.incrementAndGet();
                                failures.add(outcome(at, "refresh", answer, failure));
                            }
                        });
            } else {
                String token = accessTokens.poll(); // round robin over every token acknowledged so far
                accessTokens.add(token);
                request = HTTP.sendAsync(form(base + "/o/introspect/", basic, Map.of("token", token)),
                        HttpResponse.BodyHandlers.ofString())
                        .whenComplete((answer, failure) -> {
                            if (answer != null && answer.statusCode() == 200 && answer.body().contains("\"active\":true")) {
                                ok.get("introspect").incrementAndGet();
                            } else {
                                failures.add(outcome(at, "introspect", answer, failure));
                            }
                        });
            }
            all.add(request.whenComplete((answer, failure) -> {
                inFlight.release();
                latencies.add((System.nanoTime() - began) / 1_000);
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.await();
        clock.shutdownNow();
        long sendingMillis = (System.nanoTime() - start) / 1_000_000;
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();

        Files.write(out.resolve("registered.txt"), registered);
        Files.write(out.resolve("issued.txt"), issued);
        Files.write(out.resolve("failures.txt"), failures.stream()
                .map(f -> f.atMillis() + " " + f.endedMillis() + " " + f.kind() + " " + f.status() + " " + f.problem())
                .toList());
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        try (PrintWriter summary = new PrintWriter(Files.newBufferedWriter(out.resolve("summary.txt")))) {
            summary.printf("sent=%d%n", Math.min(sent.get(), total));
            summary.printf("achieved_rate=%.0f%n", total * 1000.0 / sendingMillis);
            summary.printf("ok_register=%d%nok_refresh=%d%nok_introspect=%d%n", ok.get("register").get(),
                    ok.get("refresh").get(), ok.get("introspect").get());
            summary.printf("failed=%d%n", failures.size());
            summary.printf("broken_refresh_chains=%d%n", brokenChains.get());
            summary.printf("latency_p50_ms=%.1f%nlatency_p99_ms=%.1f%nlatency_max_ms=%.1f%n", percentile(sorted, 0.50),
                    percentile(sorted, 0.99), percentile(sorted, 1.0));
        }
    }

    private static double percentile(List<Long> sortedMicros, double p) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sortedMicros.size() - 1, Math.ceil(p * sortedMicros.size()) - 1);
        return sortedMicros.get(Math.max(0, index)) / 1000.0;
    }

    private static Outcome outcome(long at, String kind, HttpResponse<String> answer, Throwable failure) {
        if (answer != null) {
            String body = answer.body().replaceAll("\\s+", " ");
            return new Outcome(at, System.currentTimeMillis(), kind, answer.statusCode(),
                    body.substring(0, Math.min(120, body.length())));
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return new Outcome(at, System.currentTimeMillis(), kind, 0, cause.toString().replaceAll("\\s+", " "));
    }

    private record Seed(String clientId, List<String> accessTokens, List<String> refreshTokens) {}

    /** A public client, one sign-in, and {@code chains} token pairs by consent and code exchange. */
    private static Seed seed(String base, String user, String password, int chains) throws Exception {
        Browser browser = new Browser(base);
        HttpResponse<String> registered = HTTP.send(registration(base, null), HttpResponse.BodyHandlers.ofString());
        check(registered, 201);
        String clientId = group(CLIENT_ID, registered.body());
        browser.signIn(authorize(clientId), user, password);
        List<String> access = new ArrayList<>();
        List<String> refresh = new ArrayList<>();
        for (int i = 0; i < chains; i++) {
            HttpResponse<String> consent = browser.get(authorize(clientId));
            check(consent, 200);
            Map<String, String> decision = hidden(consent.body());
            decision.put("decision", "approve");
            HttpResponse<String> approved = browser.post("/o/consent", decision);
            check(approved, 303);
            String location = approved.headers().firstValue("Location").orElseThrow();
            String code = query(URI.create(location).getRawQuery()).get("code");
            HttpResponse<String> tokens = HTTP.send(form(base + "/o/token/", null, Map.of("grant_type",
                    "authorization_code", "client_id", clientId, "code", code, "redirect_uri", REDIRECT,
                    "code_verifier", VERIFIER)), HttpResponse.BodyHandlers.ofString());
            check(tokens, 200);
            access.add(group(ACCESS, tokens.body()));
            refresh.add(group(REFRESH, tokens.body()));
        }
        return new Seed(clientId, access, refresh);
    }

    private static String authorize(String clientId) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256.digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        return "/o/authorize/?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT)
                + "&state=s&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    // ---- verify ----------------------------------------------------------------------------------------------------

    private static void verify(String jdbcUrl, Path out) throws Exception {
        List<String> clients = lines(out.resolve("registered.txt"));
        List<String> tokens = new ArrayList<>();
        for (String pair : lines(out.resolve("issued.txt"))) {
            tokens.addAll(List.of(pair.split(" ")));
        }
        int lostClients = 0;
        int lostAccess = 0;
        int lostRefresh = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            lostClients = missing(db, "SELECT 1 FROM oauth_client WHERE client_id = ?", clients, id -> id);
            List<String> access = new ArrayList<>();
            List<String> refresh = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i += 2) {
                access.add(tokens.get(i));
                refresh.add(tokens.get(i + 1));
            }
            lostAccess = missing(db, "SELECT 1 FROM access_token WHERE token_hash = ?", access, ClusterLoad::hash);
            lostRefresh = missing(db, "SELECT 1 FROM refresh_token WHERE token_hash = ?", refresh, ClusterLoad::hash);
        }
        Files.writeString(out.resolve("verified.txt"), "acknowledged_clients=" + clients.size()
                + "\nlost_clients=" + lostClients + "\nacknowledged_token_pairs=" + tokens.size() / 2
                + "\nlost_access_tokens=" + lostAccess + "\nlost_refresh_tokens=" + lostRefresh + "\n");
    }

    private static int missing(Connection db, String sql, List<String> values,
            java.util.function.UnaryOperator<String> key) throws Exception {
        int missing = 0;
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (String value : values) {
                query.setString(1, key.apply(value));
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    private static String hash(String token) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    }

    // ---- login -----------------------------------------------------------------------------------------------------

    /** Prints one line per instance: its address and the account page's status with the cookie from nginx. */
    private static void login(String base, String user, String password, List<String> instances) throws Exception {
        Browser browser = new Browser(base);
        HttpResponse<String> registered = HTTP.send(registration(base, null), HttpResponse.BodyHandlers.ofString());
        check(registered, 201);
        browser.signIn(authorize(group(CLIENT_ID, registered.body())), user, password);
        String cookie = browser.cookieHeader();
        for (String instance : instances) {
            HttpResponse<String> withCookie = HTTP.send(HttpRequest.newBuilder(URI.create(instance + "/o/account"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> without = HTTP.send(HttpRequest.newBuilder(URI.create(instance + "/o/account"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            boolean signedIn = withCookie.statusCode() == 200 && withCookie.body().contains(user);
            System.out.printf("%s signed_in=%s (with the cookie: %d, without: %d)%n", instance, signedIn,
                    withCookie.statusCode(), without.statusCode());
        }
    }

    // ---- a minimal browser -----------------------------------------------------------------------------------------

    /** Cookies, the sign-in form and the consent form, as a browser would send them. */
    private static final class Browser {
        private final String base;
        private final CookieManager cookies = new CookieManager();
        private final HttpClient http;

        Browser(String base) {
            this.base = base;
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
            return http.send(form(base + path, null, fields), HttpResponse.BodyHandlers.ofString());
        }

        /** Opens {@code authorizePath}, which shows the sign-in form, and signs in. */
        void signIn(String authorizePath, String user, String password) throws Exception {
            HttpResponse<String> page = get(authorizePath);
            check(page, 200);
            Map<String, String> fields = hidden(page.body());
            fields.put("username", user);
            fields.put("password", password);
            HttpResponse<String> signedIn = post("/o/login", fields);
            check(signedIn, 303);
        }

        String cookieHeader() {
            return cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
        }
    }

    private static Map<String, String> hidden(String html) {
        Map<String, String> fields = new HashMap<>();
        Matcher matcher = HIDDEN.matcher(html);
        while (matcher.find()) {
            // The first form's fields: a consent page's sign-out form further down has a token of its own.
            fields.putIfAbsent(matcher.group(1), matcher.group(2).replace("&amp;", "&").replace("&#61;", "=")
                    .replace("&#x3D;", "="));
        }
        return fields;
    }

    private static HttpRequest form(String uri, String authorization, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private static void check(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.uri() + " answered "
                    + answer.statusCode() + ", expected " + status + ": " + answer.body());
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
