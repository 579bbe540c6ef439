package io.mcpdcr.adapters.http.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.adapters.http.outbound.HttpsDocumentServer.Answer;
import io.mcpdcr.application.port.ClientMetadataDocuments;
import io.mcpdcr.application.port.ClientMetadataDocuments.Failed;
import io.mcpdcr.application.port.ClientMetadataDocuments.Fetched;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF defences and limits of the document fetcher, against a local https server. */
class JettyClientMetadataDocumentsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    static Path certificates;

    private static HttpsDocumentServer server;
    private static JettyClientMetadataDocuments allowingLocalhost;
    private static JettyClientMetadataDocuments strict;

    @BeforeAll
    static void start() throws Exception {
        server = new HttpsDocumentServer(certificates);
        allowingLocalhost = new JettyClientMetadataDocuments(Set.of("localhost"), TIMEOUT, 4, 4, server.trust());
        strict = new JettyClientMetadataDocuments(Set.of(), TIMEOUT, 4, 4, server.trust());
    }

    @AfterAll
    static void stop() throws Exception {
        allowingLocalhost.close();
        strict.close();
        server.close();
    }

    @Test
    void fetchesADocumentWithItsMaxAge() {
        server.serve("/client.json", Answer.json("{\"client_id\":\"x\"}"));

        var fetch = allowingLocalhost.fetch(URI.create(server.url("/client.json")));

        assertThat(fetch).isInstanceOfSatisfying(Fetched.class, fetched -> {
            assertThat(new String(fetched.body())).isEqualTo("{\"client_id\":\"x\"}");
            assertThat(fetched.maxAge()).contains(Duration.ofHours(1));
        });
    }

    @Test
    void closedBeforeItsFirstFetchItFetchesNothing() throws Exception {
        var unused = new JettyClientMetadataDocuments(Set.of("localhost"), TIMEOUT, 4, 4, server.trust());
        unused.close();
        server.serve("/client.json", Answer.json("{}"));

        assertThat(unused.fetch(URI.create(server.url("/client.json"))))
                .isEqualTo(new Failed("the document client is closed"));
    }

    @Test
    void refusesLoopbackUnlessTheHostIsAllowed() {
        server.serve("/client.json", Answer.json("{}"));

        assertThat(strict.fetch(URI.create(server.url("/client.json"))))
                .isEqualTo(new Failed("the document host resolves to a non-public address"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://127.0.0.1/doc", "https://[::1]/doc", "https://10.0.0.1/doc",
        "https://169.254.169.254/latest/meta-data", "https://192.168.1.1/doc", "https://100.64.0.1/doc",
        "https://0.0.0.0/doc", "https://[::ffff:10.0.0.1]/doc", "https://[fd00::1]/doc", "https://localhost/doc"})
    void refusesNonPublicAddressesBeforeConnecting(String url) {
        long started = System.nanoTime();

        var fetch = strict.fetch(URI.create(url));

        assertThat(fetch).isEqualTo(new Failed("the document host resolves to a non-public address"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsNotPublic() throws Exception {
        InetAddress[] mixed = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")};
        try (var documents = new JettyClientMetadataDocuments(Set.of(), TIMEOUT, 1, 1, server.trust(), host -> mixed)) {
            long started = System.nanoTime();

            assertThat(documents.fetch(URI.create("https://mixed.example/doc")))
                    .isEqualTo(new Failed("the document host resolves to a non-public address"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        }
    }

    @Test
    void aStallingLookupIsBoundedByTheTimeout() throws Exception {
        JettyClientMetadataDocuments.Lookup stalling = host -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        };
        try (var documents = new JettyClientMetadataDocuments(Set.of(), TIMEOUT, 1, 1, server.trust(), stalling)) {
            long started = System.nanoTime();

            assertThat(documents.fetch(URI.create("https://stalling.example/doc"))).isInstanceOf(Failed.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(1));
        }
    }

    @Test
    void aLookupThatMeetsAnErrorFailsTheFetchAtOnce() throws Exception {
        JettyClientMetadataDocuments.Lookup failing = host -> {
            throw new OutOfMemoryError("injected");
        };
        Duration timeout = Duration.ofSeconds(5);
        try (var documents = new JettyClientMetadataDocuments(Set.of(), timeout, 1, 1, server.trust(), failing)) {
            long started = System.nanoTime();

            assertThat(documents.fetch(URI.create("https://erring.example/doc")))
                    .isEqualTo(new Failed("the document could not be fetched"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held until the timeout")
                    .isLessThan(timeout.dividedBy(2));
        }
    }

    @Test
    void theDefaultTrustRefusesASelfSignedCertificate() {
        server.serve("/client.json", Answer.json("{}"));
        try (var production = new JettyClientMetadataDocuments(Set.of("localhost"), TIMEOUT, 1, 1, null)) {
            assertThat(production.fetch(URI.create(server.url("/client.json"))))
                    .isEqualTo(new Failed("the document host's TLS certificate or handshake was refused"));
        }
    }

    @Test
    void tlsStillVerifiesTheHostName() throws Exception {
        try (var elsewhere = new HttpsDocumentServer(certificates, "elsewhere.example", "dns:elsewhere.example");
                var documents = new JettyClientMetadataDocuments(Set.of("localhost"), TIMEOUT, 1, 1, elsewhere.trust())) {
            elsewhere.serve("/client.json", Answer.json("{}"));

            assertThat(documents.fetch(URI.create(elsewhere.url("/client.json"))))
                    .isEqualTo(new Failed("the document host's TLS certificate or handshake was refused"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost/doc", "https://user@localhost/doc", "https://localhost/doc#frag"})
    void refusesUrlsThatAreNotPlainHttps(String url) {
        assertThat(allowingLocalhost.fetch(URI.create(url))).isInstanceOf(Failed.class);
    }

    @Test
    void followsNoRedirect() {
        server.serve("/moved.json", new Answer(302, "text/plain", new byte[0], null, "https://10.0.0.1/doc", 0, 1));

        assertThat(allowingLocalhost.fetch(URI.create(server.url("/moved.json"))))
                .isEqualTo(new Failed("the document URL redirects, and redirects are not followed"));
    }

    @Test
    void capsTheSizeAtFiveKibibytes() {
        server.serve("/fits.json", Answer.json("\"" + "a".repeat(5120 - 2) + "\""));
        server.serve("/big.json", Answer.json("\"" + "a".repeat(5121 - 2) + "\""));
        byte[] chunked = ("\"" + "a".repeat(9000) + "\"").getBytes();
        server.serve("/chunked.json", new Answer(200, "application/json", chunked, null, null, 0, 2));

        assertThat(allowingLocalhost.fetch(URI.create(server.url("/fits.json")))).isInstanceOf(Fetched.class);
        assertThat(allowingLocalhost.fetch(URI.create(server.url("/big.json"))))
                .isEqualTo(new Failed("the document is larger than 5120 bytes"));
        assertThat(allowingLocalhost.fetch(URI.create(server.url("/chunked.json"))))
                .isEqualTo(new Failed("the document is larger than 5120 bytes"));
    }

    @Test
    void wantsJsonAndA200() {
        server.serve("/page.html", new Answer(200, "text/html", "<html></html>".getBytes(), null, null, 0, 1));

        assertThat(allowingLocalhost.fetch(URI.create(server.url("/page.html"))))
                .isEqualTo(new Failed("the document is not served as application/json"));
        assertThat(allowingLocalhost.fetch(URI.create(server.url("/missing.json"))))
                .isEqualTo(new Failed("the document URL answered HTTP 404"));
    }

    @Test
    void givesUpOnASlowServer() {
        server.serve("/slow.json", new Answer(200, "application/json", "{}".getBytes(), null, null, 2500, 1));
        long started = System.nanoTime();

        assertThat(allowingLocalhost.fetch(URI.create(server.url("/slow.json")))).isInstanceOf(Failed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(1));
    }

    @Test
    void boundsConcurrentFetches() throws Exception {
        server.serve("/slow-once.json", new Answer(200, "application/json", "{}".getBytes(), null, null, 800, 1));
        try (var single = new JettyClientMetadataDocuments(Set.of("localhost"), TIMEOUT, 1, 2, server.trust())) {
            CompletableFuture<ClientMetadataDocuments.Fetch> first =
                    CompletableFuture.supplyAsync(() -> single.fetch(URI.create(server.url("/slow-once.json"))));
            Thread.sleep(200);

            assertThat(single.fetch(URI.create(server.url("/slow-once.json"))))
                    .isEqualTo(new Failed("too many concurrent document fetches; try again shortly"));
            assertThat(first.get()).isInstanceOf(Fetched.class);
        }
    }

    @Test
    void aSlowHostHoldsAtMostItsOwnSlotsAndOtherHostsAreStillFetched() throws Exception {
        server.serve("/slow-host.json", new Answer(200, "application/json", "{}".getBytes(), null, null, 800, 1));
        server.serve("/other.json", Answer.json("{}"));
        try (var documents = new JettyClientMetadataDocuments(Set.of("localhost", "127.0.0.1"), Duration.ofSeconds(5),
                4, 2, server.trust())) {
            URI slow = URI.create(server.url("/slow-host.json"));
            List<CompletableFuture<ClientMetadataDocuments.Fetch>> holding = List.of(
                    CompletableFuture.supplyAsync(() -> documents.fetch(slow)),
                    CompletableFuture.supplyAsync(() -> documents.fetch(slow)));
            Thread.sleep(250);

            assertThat(documents.fetch(slow))
                    .isEqualTo(new Failed("the document's host has too many fetches under way; try again shortly"));
            URI otherHost = URI.create(server.url("/other.json").replace("//localhost:", "//127.0.0.1:"));
            assertThat(documents.fetch(otherHost)).isInstanceOf(Fetched.class);
            for (var fetch : holding) {
                assertThat(fetch.get()).isInstanceOf(Fetched.class);
            }
            assertThat(documents.fetch(slow)).as("the host's slots are back").isInstanceOf(Fetched.class);
        }
    }

    @Test
    void failuresNameTheirKindButNoAddress() throws Exception {
        try (var documents = new JettyClientMetadataDocuments(Set.of("internal.corp.example"), TIMEOUT, 1, 1,
                server.trust(), host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")})) {
            // Nothing listens on port 9 of this host: the connection is refused.
            var fetch = documents.fetch(URI.create("https://internal.corp.example:9/doc"));

            assertThat(fetch).isEqualTo(new Failed("the document host refused the connection"));
        }
        try (var documents = new JettyClientMetadataDocuments(Set.of(), TIMEOUT, 1, 1, server.trust(), host -> {
            throw new UnknownHostException(host + " (10.1.2.3)");
        })) {
            assertThat(documents.fetch(URI.create("https://nowhere.corp.example/doc")))
                    .isEqualTo(new Failed("the document host name does not resolve"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"max-age=600", "public, max-age=600", "max-age=\"600\""})
    void readsMaxAge(String header) {
        assertThat(JettyClientMetadataDocuments.maxAge(header)).contains(Duration.ofMinutes(10));
        assertThat(JettyClientMetadataDocuments.maxAge("no-store")).contains(Duration.ZERO);
        assertThat(JettyClientMetadataDocuments.maxAge(null)).isEmpty();
    }
}
