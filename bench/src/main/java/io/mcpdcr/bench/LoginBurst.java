package io.mcpdcr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sign-in burst scenario (bench/login-burst.sh): rounds of {@link #CONCURRENT} sign-ins released at once from
 * {@link #ADDRESSES} client addresses (X-Forwarded-For through a trusted proxy), one in ten with the right password
 * and the rest wrong guesses for distinct usernames, while registration and refresh-token exchange keep being driven.
 * Writes what every request was answered to a properties file; {@code section} turns that into the report section.
 *
 * <pre>
 * LoginBurst run     BASE CLIENT_ID REFRESH_FILE ROUNDS RESULT   (password of user "bench" in BENCH_PASSWORD)
 * LoginBurst section RESULT OOM_LINES LOAD DOCS_FILE   (LOAD: the load average while it ran)
 * </pre>
 */
public final class LoginBurst {
    static final int CONCURRENT = 500;
    static final int ADDRESSES = 100;
    private static final int WARM_UP_SIGN_INS = 20;
    private static final String SECTION = "## Sign-in burst";
    private static final Pattern HIDDEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Map<String, String> failureMessages = new ConcurrentHashMap<>();
    private final LongAccumulator slowestBackground = new LongAccumulator(Math::max, 0);

    private LoginBurst(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "run" -> new LoginBurst(args[1]).run(args[2], Files.readAllLines(Path.of(args[3])),
                    Integer.parseInt(args[4]), Path.of(args[5]));
            case "section" -> section(Path.of(args[1]), Integer.parseInt(args[2]), args[3], Path.of(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private void run(String clientId, List<String> refreshTokens, int rounds, Path result) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/o/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = HIDDEN.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no sign-in form at " + base + "/o/login");
        }
        String cookie = page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .filter(c -> c.contains("login_csrf")).findFirst().orElseThrow();

        AtomicBoolean bursting = new AtomicBoolean(true);
        ExecutorService background = Executors.newFixedThreadPool(2 + refreshTokens.size());
        for (int i = 0; i < 2; i++) {
            int worker = i;
            background.submit(() -> register(worker, bursting));
        }
        for (int i = 0; i < refreshTokens.size(); i++) {
            String refresh = refreshTokens.get(i);
            String address = "10.3.0." + (i + 1);
            background.submit(() -> refresh(clientId, refresh, address, bursting));
        }
        // Argon2 runs interpreted at first: sign in one at a time until the JIT has compiled it, as a server that
        // has been up a while would have.
        for (int i = 0; i < WARM_UP_SIGN_INS; i++) {
            send(signIn(cookie, csrf.group(1), "warm-up-" + i, "wrong", "10.2.0.1"));
        }
        Thread.sleep(2000); // background load under way before the first burst

        String password = System.getenv("BENCH_PASSWORD");
        List<Long> roundMillis = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long[] perRequest = new long[CONCURRENT];
            roundMillis.add(burst(round, cookie, csrf.group(1), password, perRequest));
            for (long nanos : perRequest) {
                latencies.add(nanos);
            }
            Thread.sleep(3000); // the queue drains between rounds
        }
        bursting.set(false);
        background.shutdown();
        background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);

        latencies.sort(null);
        var out = new Properties();
        answers.forEach((key, count) -> out.setProperty("answers." + key, Integer.toString(count.get())));
        failureMessages.forEach((type, message) -> out.setProperty("failure.example." + type, message));
        out.setProperty("rounds", Integer.toString(rounds));
        out.setProperty("round.millis", roundMillis.toString().replaceAll("[\\[\\] ]", ""));
        out.setProperty("signin.p50.ms", Long.toString(latencies.get(latencies.size() / 2) / 1_000_000));
        out.setProperty("signin.p99.ms", Long.toString(latencies.get(latencies.size() * 99 / 100) / 1_000_000));
        out.setProperty("background.slowest.ms", Long.toString(slowestBackground.get() / 1_000_000));
        try (Writer writer = Files.newBufferedWriter(result)) {
            out.store(writer, "sign-in burst");
        }
    }

    /** One round: every sign-in released at once; the milliseconds until the last answer. */
    private long burst(int round, String cookie, String csrf, String password, long[] perRequest) throws Exception {
        // New connections for each round, as new browsers would open: none left idle by the previous round, which
        // the server may close while the client still counts on it.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            int n = i;
            boolean owner = n % 10 == 0;
            HttpRequest request = signIn(cookie, csrf, owner ? "bench" : "guess-" + round + "-" + n,
                    owner ? password : "wrong-" + n, "10.0." + (n % ADDRESSES) + ".1");
            sent.add(pool.submit(() -> {
                start.await();
                long t0 = System.nanoTime();
                count("signin", send(http, request));
                perRequest[n] = System.nanoTime() - t0;
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> answer : sent) {
            answer.get();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        pool.shutdown();
        return millis;
    }

    private HttpRequest signIn(String cookie, String csrf, String username, String password, String address) {
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&csrf_token=" + enc(csrf)
                + "&authorization_request=&next=admin";
        return HttpRequest.newBuilder(URI.create(base + "/o/login"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private Void register(int worker, AtomicBoolean running) {
        for (int i = 0; running.get(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/o/register/"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "10.1." + worker + "." + (i % 250 + 1))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"client_name\":\"Burst\",\"redirect_uris\":[\"http://127.0.0.1/cb\"]}")).build();
            timed("register", request);
        }
        return null;
    }

    /**
     * A chain of refresh-token rotations: each answer's refresh token is the next request's. Each chain is a client of
     * its own address, as MCP clients are: from one address together they would spend its DCR_TOKEN_PER_IP budget.
     */
    private Void refresh(String clientId, String first, String address, AtomicBoolean running) throws Exception {
        String refresh = first;
        while (running.get()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/o/token/"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", address)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + enc(clientId)
                            + "&refresh_token=" + enc(refresh))).build();
            HttpResponse<String> answer = timed("token", request);
            if (answer == null || answer.statusCode() != 200) {
                return null; // the chain is broken; counted already
            }
            refresh = JSON.readTree(answer.body()).path("refresh_token").asText();
        }
        return null;
    }

    private HttpResponse<String> timed(String kind, HttpRequest request) {
        long t0 = System.nanoTime();
        HttpResponse<String> answer = send(request);
        slowestBackground.accumulate(System.nanoTime() - t0);
        count(kind, answer);
        return answer;
    }

    private HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    private HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            // What went wrong on the client's side: a timeout, a reset connection.
            answers.computeIfAbsent("failure." + e.getClass().getSimpleName(), k -> new AtomicInteger())
                    .incrementAndGet();
            failureMessages.putIfAbsent(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            return null;
        }
    }

    private void count(String kind, HttpResponse<String> answer) {
        String status = answer == null ? "no-answer" : Integer.toString(answer.statusCode());
        answers.computeIfAbsent(kind + "." + status, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Writes the scenario's section into the report, before the hand-written findings, replacing an older one. */
    private static void section(Path result, int oomLines, String load, Path docs) throws Exception {
        var in = new Properties();
        try (var reader = Files.newBufferedReader(result)) {
            in.load(reader);
        }
        Map<String, Integer> signins = byStatus(in, "signin");
        Map<String, Integer> registers = byStatus(in, "register");
        Map<String, Integer> tokens = byStatus(in, "token");
        Map<String, Integer> failures = byStatus(in, "failure");
        int rounds = Integer.parseInt(in.getProperty("rounds"));
        long totalMillis = 0;
        for (String millis : in.getProperty("round.millis").split(",")) {
            totalMillis += Long.parseLong(millis);
        }
        int checked = signins.getOrDefault("401", 0) + signins.getOrDefault("303", 0);
        int fiveXx = 0;
        for (Map<String, Integer> counts : List.of(signins, registers, tokens)) {
            for (var entry : counts.entrySet()) {
                fiveXx += entry.getKey().startsWith("5") ? entry.getValue() : 0;
            }
        }
        String text = SECTION + "\n\n"
                + "`bench/login-burst.sh` (also `bench/run.sh --only login-burst`): the jar with the bench JVM options,"
                + " H2, the default login limits, `DCR_TRUSTED_PROXIES=127.0.0.1`. " + rounds + " rounds of "
                + CONCURRENT + " sign-ins released at once from " + ADDRESSES + " addresses (X-Forwarded-For), one in"
                + " ten the right password of one user, the rest wrong guesses for distinct usernames; two clients"
                + " register and eight, each from its own address, rotate refresh tokens throughout. Twenty sign-ins"
                + " one at a time warm the JIT first. Load average while it ran: " + load + ".\n\n"
                + "| Measure | Value |\n|---|---|\n"
                + "| Sign-ins answered | " + total(signins) + " in " + totalMillis + " ms: "
                + String.format("%.0f", total(signins) * 1000.0 / totalMillis) + "/s |\n"
                + "| Passwords checked (answered 303 or 401) | " + checked + ": "
                + String.format("%.1f", checked * 1000.0 / totalMillis) + "/s |\n"
                + "| Sign-in answers by status | " + signins + " |\n"
                + "| Requests the client got no answer to, by exception | " + (failures.isEmpty() ? "none" : failures
                        + failures.keySet().stream().map(type -> " (" + type + ": \"" + in.getProperty(
                                "failure.example." + type) + "\")").reduce("", String::concat)) + " |\n"
                + "| Sign-in latency p50 / p99 | " + in.getProperty("signin.p50.ms") + " ms / "
                + in.getProperty("signin.p99.ms") + " ms |\n"
                + "| `5xx` answers (all requests) | " + fiveXx + " |\n"
                + "| `OutOfMemoryError` in the server log | " + (oomLines == 0 ? "none" : oomLines + " lines") + " |\n"
                + "| Registrations during the bursts, by status | " + registers + " |\n"
                + "| Refresh-token exchanges during the bursts, by status | " + tokens + " |\n"
                + "| Slowest registration or exchange | " + in.getProperty("background.slowest.ms") + " ms |\n\n"
                + "Sign-ins beyond what the verification gate holds (`DCR_LOGIN_CONCURRENCY=auto`: one check at a"
                + " time in a 112 MiB heap, eight waiting) get the sign-in page again with `429` and `Retry-After` at once or after waiting 2 s; see"
                + " [operations.md](operations.md#sign-in-limits). Every connection is answered: with the JDK's"
                + " default listen backlog of 50, a burst of new connections overflowed the kernel's accept queue and"
                + " Linux reset some of them (failed SYN cookies), which the client saw as no answer at all (124 of"
                + " 1,500 on a quiet machine); the server now asks for a backlog of 1024 (`HttpServer`).\n\n";
        String report = Files.readString(docs);
        int start = report.indexOf(SECTION);
        if (start >= 0) {
            int end = report.indexOf("\n## ", start + SECTION.length());
            report = report.substring(0, start) + (end < 0 ? "" : report.substring(end + 1));
        }
        int findings = report.indexOf("## Profile findings");
        report = findings < 0 ? report + "\n" + text : report.substring(0, findings) + text + report.substring(findings);
        Files.writeString(docs, report);
    }

    private static Map<String, Integer> byStatus(Properties in, String kind) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String key : in.stringPropertyNames()) {
            if (key.startsWith("answers." + kind + ".") && !key.endsWith(".no-answer")) {
                counts.put(key.substring(("answers." + kind + ".").length()), Integer.parseInt(in.getProperty(key)));
            }
        }
        return counts;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
