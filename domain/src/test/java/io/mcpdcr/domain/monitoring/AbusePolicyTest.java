package io.mcpdcr.domain.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AbusePolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    private static final Instant EARLIER = NOW.minus(Duration.ofMinutes(20));
    private static final AbuseThresholds DEFAULTS = AbuseThresholds.defaults();
    private static final String ADDRESS = "203.0.113.7";
    private static final String FINGERPRINT = "f00dfeedf00dfeed";

    private final AbusePolicy policy = new AbusePolicy(DEFAULTS);

    /** A created registration; the name and fingerprint are unique unless a test makes them equal. */
    private static RegistrationAttempt created(String address, String name, String fingerprint, String... redirectUris) {
        return new RegistrationAttempt(EARLIER, address, true, Optional.empty(), Optional.of(name),
                Stream.of(redirectUris).map(uri -> URI.create(uri).getHost()).toList(), Optional.of(fingerprint));
    }

    private static RegistrationAttempt created(String address, int n) {
        return created(address, "app " + n, "print-" + n, "https://app.example/cb");
    }

    private static RegistrationAttempt refused(String address, String errorCode) {
        return new RegistrationAttempt(EARLIER, address, false, Optional.of(errorCode), Optional.empty(), List.of(),
                Optional.empty());
    }

    private static List<RegistrationAttempt> times(int count, IntFunction<RegistrationAttempt> attempt) {
        return IntStream.range(0, count).mapToObj(attempt).toList();
    }

    private List<Finding> scan(List<RegistrationAttempt> attempts) {
        return policy.scan(attempts, NOW);
    }

    // ---- thresholds: each rule speaks only above its threshold ----

    /** One rule: its threshold, what it finds, and how to make {@code n} attempts that count towards it alone. */
    record Rule(String name, Finding.Kind kind, int threshold, String subject, String words,
            IntFunction<List<RegistrationAttempt>> attempts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Rule> rules() {
        return Stream.of(
                new Rule("flood from one address", Finding.Kind.SOURCE_FLOOD, DEFAULTS.perAddress(), ADDRESS,
                        "registrations from this address",
                        n -> times(n, i -> created(ADDRESS, i))),
                new Rule("flood from one IPv4 /24", Finding.Kind.SOURCE_FLOOD, DEFAULTS.perNetwork(), "198.51.100.0/24",
                        "registrations from this network",
                        n -> times(n, i -> created("198.51.100." + i, i))),
                new Rule("flood from one IPv6 /64", Finding.Kind.SOURCE_FLOOD, DEFAULTS.perNetwork(),
                        "2001:db8:1:2:0:0:0:0/64", "registrations from this network",
                        n -> times(n, i -> created("2001:db8:1:2:" + Integer.toHexString(i) + "::1", i))),
                new Rule("burst of identical metadata", Finding.Kind.IDENTICAL_BURST, DEFAULTS.identicalBurst(),
                        FINGERPRINT, "registrations with identical metadata",
                        // one per /24, so that no address or network floods
                        n -> times(n, i -> created("10." + i + ".0.1", "Same app", FINGERPRINT, "https://app.example/cb"))),
                new Rule("refused redirect URIs", Finding.Kind.REFUSED_REDIRECTS, DEFAULTS.refusedRedirects(), ADDRESS,
                        "registrations refused for their redirect URIs from this address",
                        n -> times(n, i -> refused(ADDRESS, "invalid_redirect_uri"))),
                new Rule("redirect host spray", Finding.Kind.REDIRECT_HOST_SPRAY, DEFAULTS.distinctRedirectHosts(),
                        ADDRESS, "distinct redirect hosts from this address",
                        n -> times(n, i -> created(ADDRESS, "app " + i, "print-" + i, "https://h" + i + ".example/cb"))));
    }

    @ParameterizedTest(name = "{0}: one above the threshold is a finding")
    @MethodSource("rules")
    void oneAboveTheThresholdIsAFinding(Rule rule) {
        int count = rule.threshold() + 1;

        List<Finding> findings = scan(rule.attempts().apply(count));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(rule.kind());
            assertThat(finding.subject()).isEqualTo(rule.subject());
            assertThat(finding.evidence())
                    .startsWith(count + " " + rule.words())
                    .contains("(threshold " + rule.threshold() + ")");
            assertThat(finding.detectedAt()).isEqualTo(NOW);
        });
    }

    @ParameterizedTest(name = "{0}: exactly the threshold is no finding")
    @MethodSource("rules")
    void exactlyTheThresholdIsNoFinding(Rule rule) {
        assertThat(scan(rule.attempts().apply(rule.threshold()))).isEmpty();
    }

    @Test
    void theDefaultsAreSizedForClientsThatReRegisterOften() {
        assertThat(DEFAULTS.window()).isEqualTo(Duration.ofHours(1));
        assertThat(List.of(DEFAULTS.perAddress(), DEFAULTS.perNetwork(), DEFAULTS.identicalBurst(),
                DEFAULTS.distinctRedirectHosts(), DEFAULTS.refusedRedirects())).containsExactly(30, 100, 50, 10, 10);
        assertThat(DEFAULTS.knownClients()).extracting(KnownClient::name).contains("Claude", "Visual Studio Code");
    }

    @Test
    void nothingIsNoFinding() {
        assertThat(scan(List.of())).isEmpty();
    }

    // ---- networks ----

    @Test
    void addressesOfOneIpv4NetworkCountTogether() {
        // 101 addresses that differ only in the last octet: none floods alone, their /24 does
        List<RegistrationAttempt> attempts = times(DEFAULTS.perNetwork() + 1, i -> created("198.51.100." + (i + 1), i));

        assertThat(scan(attempts)).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.SOURCE_FLOOD);
            assertThat(finding.subject()).isEqualTo("198.51.100.0/24");
            assertThat(finding.evidence()).startsWith("101 registrations from this network");
        });
    }

    @Test
    void neighbouringIpv4NetworksAreCountedApart() {
        List<RegistrationAttempt> attempts = new ArrayList<>();
        attempts.addAll(times(60, i -> created("198.51.100." + i, i)));
        attempts.addAll(times(60, i -> created("198.51.101." + i, 100 + i)));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void addressesOfOneIpv6Slash64CountTogether() {
        // the interface identifiers (last 64 bits) differ, the network does not
        List<RegistrationAttempt> attempts = times(DEFAULTS.perNetwork() + 1,
                i -> created("2001:db8:aa:bb:" + Integer.toHexString(i + 1) + ":0:" + Integer.toHexString(i * 7) + ":1", i));

        assertThat(scan(attempts)).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.SOURCE_FLOOD);
            assertThat(finding.subject()).isEqualTo("2001:db8:aa:bb:0:0:0:0/64");
        });
    }

    @Test
    void neighbouringIpv6Slash64sAreCountedApart() {
        List<RegistrationAttempt> attempts = new ArrayList<>();
        attempts.addAll(times(60, i -> created("2001:db8:aa:bb::" + Integer.toHexString(i + 1), i)));
        attempts.addAll(times(60, i -> created("2001:db8:aa:bc::" + Integer.toHexString(i + 1), 100 + i)));

        assertThat(scan(attempts)).isEmpty();
    }

    // ---- what counts ----

    @Test
    void onlyCreatedRegistrationsCountTowardsFloods() {
        // at the threshold with created ones, and far above it counting the refused ones
        List<RegistrationAttempt> attempts = new ArrayList<>(times(DEFAULTS.perAddress(), i -> created(ADDRESS, i)));
        attempts.addAll(times(DEFAULTS.perNetwork() + 1, i -> refused(ADDRESS, "invalid_client_metadata")));

        assertThat(scan(attempts)).isEmpty();
    }

    @ParameterizedTest(name = "refusals for {0} are not redirect probing")
    @CsvSource(textBlock = """
        invalid_client_metadata
        invalid_software_statement
        unapproved_software_statement
        """)
    void refusalsForOtherReasonsDoNotCountAsRedirectProbing(String errorCode) {
        List<RegistrationAttempt> attempts = times(DEFAULTS.refusedRedirects() + 1, i -> refused(ADDRESS, errorCode));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void redirectProbingCountsOnlyTheRedirectRefusals() {
        List<RegistrationAttempt> attempts = new ArrayList<>(
                times(DEFAULTS.refusedRedirects(), i -> refused(ADDRESS, "invalid_redirect_uri")));
        attempts.addAll(times(5, i -> refused(ADDRESS, "invalid_client_metadata")));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void redirectProbingIsCountedPerAddress() {
        List<RegistrationAttempt> attempts = new ArrayList<>(
                times(DEFAULTS.refusedRedirects(), i -> refused(ADDRESS, "invalid_redirect_uri")));
        attempts.addAll(times(DEFAULTS.refusedRedirects(), i -> refused("198.51.100.9", "invalid_redirect_uri")));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void identicalBurstCountsOnlyCreatedRegistrations() {
        List<RegistrationAttempt> attempts = new ArrayList<>(times(DEFAULTS.identicalBurst(),
                i -> created("10." + i + ".0.1", "Same app", FINGERPRINT, "https://app.example/cb")));
        attempts.add(new RegistrationAttempt(EARLIER, "10.200.0.1", false, Optional.of("invalid_client_metadata"),
                Optional.empty(), List.of(), Optional.of(FINGERPRINT)));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void loopbackHostsAreNoSpray() {
        // native clients listen on loopback; those hosts say nothing about where codes go
        List<RegistrationAttempt> attempts = new ArrayList<>(times(DEFAULTS.distinctRedirectHosts(),
                i -> created(ADDRESS, "app " + i, "print-" + i, "https://h" + i + ".example/cb")));
        attempts.add(created(ADDRESS, "cli 1", "cli-1", "http://localhost:3000/cb"));
        attempts.add(created(ADDRESS, "cli 2", "cli-2", "http://127.0.0.1:6274/cb"));
        attempts.add(created(ADDRESS, "cli 3", "cli-3", "http://[::1]:8080/cb"));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void sprayCountsEachHostOnceWhateverItsCase() {
        List<RegistrationAttempt> attempts = new ArrayList<>(times(DEFAULTS.distinctRedirectHosts(),
                i -> created(ADDRESS, "app " + i, "print-" + i, "https://h" + i + ".example/cb")));
        attempts.add(created(ADDRESS, "again", "again", "https://H0.EXAMPLE/other", "https://h1.example/cb"));

        assertThat(scan(attempts)).isEmpty();
    }

    @Test
    void sprayEvidenceNamesSomeOfTheHosts() {
        List<RegistrationAttempt> attempts = times(DEFAULTS.distinctRedirectHosts() + 1,
                i -> created(ADDRESS, "app " + i, "print-" + i, "https://h" + i + ".example/cb"));

        assertThat(scan(attempts)).singleElement()
                .satisfies(finding -> assertThat(finding.evidence()).contains("e.g. ").contains("h0.example"));
    }

    // ---- impersonation ----

    @ParameterizedTest(name = "\"{0}\" redirecting to {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        # the vendor's own hosts and subdomains, and loopback, are fine
        Claude              | https://claude.ai/api/mcp/auth_callback    | none
        Claude              | https://www.claude.ai/cb                   | none
        Claude              | http://localhost:1234/cb                   | none
        Claude              | http://127.0.0.1:33418/cb                  | none
        Claude Desktop      | https://claude.com/cb                      | none
        Visual Studio Code  | https://vscode.dev/redirect                | none
        Visual Studio Code  | https://insiders.vscode.dev/redirect       | none
        Cursor              | https://cursor.com/oauth                   | none
        # anyone else's host under a known name is impersonation
        Claude Code         | https://evil.example/cb                    | Claude
        Claude              | https://evilclaude.ai/cb                   | Claude
        Claude              | https://claude.ai.evil.example/cb          | Claude
        C-l-a-u-d-e         | https://evil.example/cb                    | Claude
        C l a u d e         | https://evil.example/cb                    | Claude
        CLAUDE              | https://evil.example/cb                    | Claude
        My Claude helper    | https://evil.example/cb                    | Claude
        Visual Studio Code  | https://vscode.dev.evil.example/cb         | Visual Studio Code
        Visual-Studio-Code  | https://evil.example/cb                    | Visual Studio Code
        ChatGPT             | https://chatgpt.com.evil.example/cb        | ChatGPT
        MCP Inspector       | https://inspector.evil.example/cb          | MCP Inspector
        # names that are no known client's
        Claud               | https://evil.example/cb                    | none
        Visual Studio       | https://evil.example/cb                    | none
        My own app          | https://evil.example/cb                    | none
        """)
    void impersonation(String name, String redirectUri, String imitated) {
        List<Finding> findings = scan(List.of(created(ADDRESS, name, "print", redirectUri)));

        if (imitated.equals("none")) {
            assertThat(findings).isEmpty();
        } else {
            String host = URI.create(redirectUri).getHost();
            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.kind()).isEqualTo(Finding.Kind.IMPERSONATION);
                assertThat(finding.subject()).isEqualTo(name);
                assertThat(finding.evidence()).contains("named like " + imitated).contains(host).contains(ADDRESS);
            });
        }
    }

    @Test
    void oneForeignHostAmongTheVendorsIsImpersonation() {
        var attempt = created(ADDRESS, "Claude", "print", "https://claude.ai/cb", "http://localhost/cb",
                "https://collect.evil.example/cb");

        assertThat(scan(List.of(attempt))).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.IMPERSONATION);
            assertThat(finding.evidence()).contains("collect.evil.example").doesNotContain("claude.ai,");
        });
    }

    @Test
    void theGenuineCursorClientIsNoImpersonation() {
        var cursor = created(ADDRESS, "Cursor", "print", "cursor://anysphere.cursor-retrieval/oauth/callback");

        assertThat(scan(List.of(cursor))).isEmpty();
    }

    @Test
    void refusedRegistrationsAreNoImpersonation() {
        // the scan only sees names of created clients; a refused one was never registered
        var refusedWithName = new RegistrationAttempt(EARLIER, ADDRESS, false, Optional.of("invalid_redirect_uri"),
                Optional.of("Claude"), List.of("evil.example"), Optional.empty());

        assertThat(scan(List.of(refusedWithName))).isEmpty();
    }

    @Test
    void knownClientsCanBeConfigured() {
        var mine = new KnownClient("Acme Agent", Set.of("acme.example"));
        var thresholds = new AbuseThresholds(Duration.ofHours(1), 30, 100, 50, 10, 10, List.of(mine));

        List<Finding> findings = new AbusePolicy(thresholds).scan(List.of(
                created(ADDRESS, "acme agent", "a", "https://acme.example/cb"),
                created(ADDRESS, "ACME-Agent Pro", "b", "https://evil.example/cb"),
                created(ADDRESS, "Claude", "c", "https://evil.example/cb")), NOW);

        assertThat(findings).extracting(Finding::kind, Finding::subject)
                .containsExactly(tuple(Finding.Kind.IMPERSONATION, "ACME-Agent Pro"));
    }
}
