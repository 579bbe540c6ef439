package io.mcpdcr.application.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.InMemoryClientRegistry;
import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientLookup;
import io.mcpdcr.application.port.ClientMetadataDocuments;
import io.mcpdcr.application.port.DocumentClientCache;
import io.mcpdcr.application.port.DocumentClientCache.FetchFailure;
import io.mcpdcr.application.port.JsonObjects;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientIdMetadataDocumentPolicy;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resolving https client_ids by their metadata documents: validation, caching bounds and failure back-off. */
class DocumentClientRegistryTest {
    private static final String REQUESTER = "192.0.2.1";
    private static final String URL = "https://claude.ai/oauth/claude-code-client-metadata";
    private static final String DOCUMENT = """
            {"client_id":"%s","client_name":"Claude Code","redirect_uris":["http://localhost/callback"],
             "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "token_endpoint_auth_method":"none"}""".formatted(URL);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final InMemoryClientRegistry registrations = new InMemoryClientRegistry();
    private final MapCache cache = new MapCache();
    private final ScriptedDocuments documents = new ScriptedDocuments();
    private final Map<String, Integer> permitsTaken = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> throttledCounts = new ArrayList<>();
    private int perIpPermits = Integer.MAX_VALUE;
    private final Throttle perIp = key -> permitsTaken.merge(key, 1, Integer::sum) <= perIpPermits
            ? Throttle.Decision.ADMITTED
            : Throttle.Decision.refused(Duration.ofSeconds(42));
    private final DocumentClientRegistry registry = new DocumentClientRegistry(registrations, cache, documents,
            naiveJson(), new ClientIdMetadataDocumentPolicy(new ClientMetadataPolicy(RedirectUriPolicy.strict())),
            new RegistrationLimits(perIp, Throttle.unlimited(), 64),
            (client, reason, until) -> warnings.add(client.value() + " until " + until + ": " + reason),
            new AuditLog() {
                @Override
                public void record(AuditEvent event) {}

                @Override
                public void countThrottled(String limit, String address, Instant at) {
                    throttledCounts.add(limit + " " + address);
                }

                @Override
                public void countRefused(AuditEvent.AuditAction action, String error, String address, Instant at) {}
            }, clock);

    @Test
    void resolvesAValidDocumentAndCachesIt() {
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.of(Duration.ofHours(1))));

        ClientRegistration client = found(URL).orElseThrow();

        assertThat(client.metadata().clientName()).isEqualTo("Claude Code");
        assertThat(client.source().address()).isEqualTo("claude.ai");
        assertThat(found(URL)).contains(client);
        assertThat(documents.fetches).isEqualTo(1);
        assertThat(cache.refreshAfter.get(URL)).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "max-age {0} is cached for {1}")
    @CsvSource({"PT0S, PT5M", "PT1M, PT5M", "PT2H, PT2H", "PT48H, PT24H"})
    void holdsTheCacheLifetimeBetweenFiveMinutesAndADay(Duration maxAge, Duration cachedFor) {
        assertThat(DocumentClientRegistry.cacheFor(Optional.of(maxAge))).isEqualTo(cachedFor);
        assertThat(DocumentClientRegistry.cacheFor(Optional.empty())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void fetchesAgainAfterTheCacheLifetime() {
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));
        found(URL);
        clock.advance(Duration.ofMinutes(6));

        found(URL);

        assertThat(documents.fetches).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            another client_id      | {"client_id":"https://evil.example/doc","client_name":"x","redirect_uris":["http://localhost/cb"]}
            a secret               | {"client_id":"URL","client_name":"x","redirect_uris":["http://localhost/cb"],"client_secret":"s"}
            a secret expiry        | {"client_id":"URL","client_name":"x","redirect_uris":["http://localhost/cb"],"client_secret_expires_at":0}
            a key-based method     | {"client_id":"URL","client_name":"x","redirect_uris":["http://localhost/cb"],"token_endpoint_auth_method":"private_key_jwt"}
            only a device grant    | {"client_id":"URL","client_name":"x","redirect_uris":["http://localhost/cb"],"grant_types":["urn:ietf:params:oauth:grant-type:device_code"]}
            no client_name         | {"client_id":"URL","redirect_uris":["http://localhost/cb"]}
            no redirect_uris       | {"client_id":"URL","client_name":"x"}
            a refused redirect URI | {"client_id":"URL","client_name":"x","redirect_uris":["http://evil.example/cb"]}
            """)
    void refusesAnInvalidDocumentWithAReason(String rule, String document) {
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(document.replace("\"URL\"", "\"" + URL + "\"")),
                Optional.empty()));

        assertThat(found(URL)).isEmpty();
        assertThat(reason(URL)).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("the client metadata document is invalid"));
        assertThat(cache.refreshAfter).isEmpty();
    }

    @Test
    void backsOffAfterAFailedFetch() {
        documents.answer(new ClientMetadataDocuments.Failed("the host resolves to a non-public address"));

        assertThat(found(URL)).isEmpty();
        assertThat(reason(URL)).hasValueSatisfying(
                reason -> assertThat(reason).contains("non-public address"));
        assertThat(documents.fetches).as("the back-off spares the second look").isEqualTo(1);

        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));
        clock.advance(Duration.ofSeconds(31));
        assertThat(found(URL)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "https://claude.ai", "https://claude.ai/", "https://user@claude.ai/doc", "https://claude.ai/a/../doc",
        "https://claude.ai/doc#x"})
    void refusesUrlsThatCannotBeAClientIdWithoutFetching(String url) {
        assertThat(found(url)).isEmpty();
        assertThat(documents.fetches).isZero();
    }

    @Test
    void otherClientIdsAreRegistrations() {
        assertThat(found("AbCdEf0123")).isEmpty();
        assertThat(documents.fetches).isZero();
    }

    @Test
    void aDisabledCacheEntryStaysRefused() {
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));
        found(URL);
        cache.disabled.put(URL, true);

        assertThat(found(URL)).isEmpty();
        assertThat(reason(URL)).contains("the client has been disabled");
    }

    @Test
    void aFirstFetchIsARegistrationCountedOnTheRequestersLimitButARefreshIsNot() {
        perIpPermits = 1;
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));
        assertThat(found(URL)).isPresent();
        assertThat(permitsTaken).containsExactly(Map.entry("register:192.0.2.1", 1));

        assertThat(registry.lookup(new ClientId("https://claude.ai/another"), REQUESTER))
                .isEqualTo(new ClientLookup.Throttled(Duration.ofSeconds(42)));
        assertThat(documents.fetches).as("a throttled first fetch fetches nothing").isEqualTo(1);
        assertThat(throttledCounts).containsExactly("per-ip 192.0.2.1");

        clock.advance(Duration.ofMinutes(6));
        assertThat(found(URL)).as("a refresh registers nothing").isPresent();
        assertThat(documents.fetches).isEqualTo(2);
        assertThat(permitsTaken).containsExactly(Map.entry("register:192.0.2.1", 2));
    }

    @Test
    void anotherInstanceOnTheSameCacheWaitsOutTheBackOffAndAWellFetchedDocumentEndsIt() {
        var otherInstance = new DocumentClientRegistry(registrations, cache, documents, naiveJson(),
                new ClientIdMetadataDocumentPolicy(new ClientMetadataPolicy(RedirectUriPolicy.strict())),
                new RegistrationLimits(Throttle.unlimited(), Throttle.unlimited(), 64), (client, reason, until) -> {},
                AuditLog.discarding(), clock);
        documents.answer(new ClientMetadataDocuments.Failed("the document URL answered HTTP 503"));
        assertThat(found(URL)).isEmpty();

        assertThat(otherInstance.lookup(new ClientId(URL), REQUESTER)).isInstanceOf(ClientLookup.Unknown.class);
        assertThat(documents.fetches).as("the other instance waits out the back-off").isEqualTo(1);

        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));
        clock.advance(Duration.ofSeconds(31));
        assertThat(otherInstance.lookup(new ClientId(URL), REQUESTER)).isInstanceOf(ClientLookup.Found.class);
        assertThat(cache.failures).as("forgotten once fetched well").isEmpty();
    }

    @Test
    void aFirstFetchAlsoSpendsTheGlobalRegistrationBudget() {
        var global = new DocumentClientRegistry(registrations, cache, documents, naiveJson(),
                new ClientIdMetadataDocumentPolicy(new ClientMetadataPolicy(RedirectUriPolicy.strict())),
                new RegistrationLimits(Throttle.unlimited(),
                        key -> key.equals("register") ? Throttle.Decision.refused(Duration.ofMinutes(1))
                                : Throttle.Decision.ADMITTED, 64),
                (client, reason, until) -> {}, AuditLog.discarding(), clock);
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));

        assertThat(global.lookup(new ClientId(URL), REQUESTER))
                .isEqualTo(new ClientLookup.Throttled(Duration.ofMinutes(1)));
        assertThat(documents.fetches).isZero();
    }

    @Test
    void anIpv6RequesterIsCountedOnItsBlock() {
        documents.answer(new ClientMetadataDocuments.Failed("the document URL answered HTTP 404"));
        registry.lookup(new ClientId("https://claude.ai/one"), "2001:db8:1:2::1");
        registry.lookup(new ClientId("https://claude.ai/two"), "2001:db8:1:2:ffff::9");

        assertThat(permitsTaken).containsExactly(Map.entry("register:2001:db8:1:2:0:0:0:0/64", 2));
    }

    @Test
    void findWithoutARequesterNeverRegistersANewDocument() {
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));

        assertThat(registry.find(new ClientId(URL))).isEmpty();
        assertThat(documents.fetches).isZero();
        found(URL);
        assertThat(registry.find(new ClientId(URL))).isPresent();
    }

    @Test
    void aFetchedDocumentIsServedStaleForADayWhileRefetchesFailWithAGrowingBackOff() {
        documents.answer(new ClientMetadataDocuments.Fetched(bytes(DOCUMENT), Optional.empty()));
        ClientRegistration client = found(URL).orElseThrow();
        documents.answer(new ClientMetadataDocuments.Failed("the document could not be fetched in time"));
        clock.advance(Duration.ofMinutes(6));

        assertThat(found(URL)).contains(client);
        assertThat(warnings).singleElement().asString().contains("could not be fetched in time");
        assertThat(found(URL)).as("within the back-off").contains(client);
        assertThat(documents.fetches).as("no refetch within the back-off").isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        assertThat(found(URL)).contains(client);
        assertThat(documents.fetches).isEqualTo(3);
        clock.advance(Duration.ofSeconds(31));
        assertThat(found(URL)).contains(client);
        assertThat(documents.fetches).as("the back-off doubled to 60 s").isEqualTo(3);

        clock.advance(Duration.ofHours(24));
        assertThat(found(URL)).as("a day past its refresh time").isEmpty();
        assertThat(reason(URL)).hasValueSatisfying(reason -> assertThat(reason).contains("in time"));
    }

    private Optional<ClientRegistration> found(String url) {
        return registry.lookup(new ClientId(url), REQUESTER) instanceof ClientLookup.Found found
                ? Optional.of(found.client())
                : Optional.empty();
    }

    private Optional<String> reason(String url) {
        return registry.lookup(new ClientId(url), REQUESTER) instanceof ClientLookup.Unknown unknown
                ? unknown.reason()
                : Optional.empty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Just enough JSON for these documents: flat objects of strings, numbers and arrays of strings. */
    private static JsonObjects naiveJson() {
        return json -> {
            String text = new String(json, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("{")) {
                return Optional.empty();
            }
            Map<String, Object> members = new LinkedHashMap<>();
            var matcher = java.util.regex.Pattern.compile("\"([a-z_]+)\":(\"[^\"]*\"|\\[[^\\]]*\\]|[0-9]+)")
                    .matcher(text);
            while (matcher.find()) {
                String value = matcher.group(2);
                Object parsed = value.startsWith("\"") ? value.substring(1, value.length() - 1)
                        : value.startsWith("[") ? List.of(value.substring(1, value.length() - 1).replace("\"", "")
                                .split(",")) : (Object) Long.valueOf(value);
                members.put(matcher.group(1), parsed);
            }
            return Optional.of(members);
        };
    }

    private static final class ScriptedDocuments implements ClientMetadataDocuments {
        private Fetch answer;
        private int fetches;

        void answer(Fetch next) {
            answer = next;
        }

        @Override
        public Fetch fetch(URI url) {
            fetches++;
            return answer;
        }

        @Override
        public Fetch fetchKeys(URI url) {
            throw new AssertionError("documents are fetched, not keys");
        }
    }

    private static final class MapCache implements DocumentClientCache {
        private final Map<String, ClientRegistration> clients = new HashMap<>();
        private final Map<String, Instant> refreshAfter = new HashMap<>();
        private final Map<String, Boolean> disabled = new HashMap<>();
        private final Map<String, FetchFailure> failures = new HashMap<>();

        @Override
        public Optional<CachedClient> find(ClientId id) {
            return Optional.ofNullable(clients.get(id.value())).map(client -> new CachedClient(client,
                    refreshAfter.get(id.value()), disabled.getOrDefault(id.value(), false)));
        }

        @Override
        public void save(ClientRegistration client, Instant after) {
            clients.put(client.id().value(), client);
            refreshAfter.put(client.id().value(), after);
        }

        @Override
        public Optional<FetchFailure> lastFailure(ClientId id) {
            return Optional.ofNullable(failures.get(id.value()));
        }

        @Override
        public void rememberFailure(ClientId id, FetchFailure failure, Instant forgetAt) {
            failures.put(id.value(), failure);
        }

        @Override
        public void forgetFailure(ClientId id) {
            failures.remove(id.value());
        }
    }
}
