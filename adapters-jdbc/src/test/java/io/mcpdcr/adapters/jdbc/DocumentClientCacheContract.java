package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.port.DocumentClientCache.FetchFailure;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientKeys;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link JdbiDocumentClientCache} must do, whatever the database. */
abstract class DocumentClientCacheContract extends DatabaseContract {
    private static final String URL = "https://app.example.com/oauth/" + "client-metadata/".repeat(60) + "doc.json";

    private JdbiDocumentClientCache cache;

    @BeforeEach
    void createCache() {
        cache = new JdbiDocumentClientCache(database.jdbi());
    }

    @Test
    void storesALongUrlClientThatCodesAndTokensCanReferTo() {
        ClientRegistration client = documentClient("Claude Code", "http://localhost/callback");

        cache.save(client, Fixtures.NOW.plus(Duration.ofHours(1)));

        var cached = cache.find(client.id()).orElseThrow();
        assertThat(cached.client()).isEqualTo(client);
        assertThat(cached.refreshAfter()).isEqualTo(Fixtures.NOW.plus(Duration.ofHours(1)));
        assertThat(cached.disabled()).isFalse();
        assertThat(new JdbiClientRegistry(database.jdbi()).find(client.id())).contains(client);
    }

    @Test
    void refreshesTheMetadataButKeepsItDisabled() {
        cache.save(documentClient("Old name", "http://localhost/callback"), Fixtures.NOW);
        new JdbiClientMaintenance(database.jdbi(), () -> Fixtures.NOW).disable(new ClientId(URL));

        ClientRegistration renamed = documentClient("New name", "http://127.0.0.1/callback");
        cache.save(renamed, Fixtures.NOW.plus(Duration.ofMinutes(10)));

        var cached = cache.find(renamed.id()).orElseThrow();
        assertThat(cached.client().metadata().clientName()).isEqualTo("New name");
        assertThat(cached.disabled()).isTrue();
    }

    @Test
    void keepsWhereAPrivateKeyJwtClientsKeysAre() {
        var inline = new ClientKeys.Inline(Map.of("keys", List.of(Map.of("kty", "EC", "crv", "P-256", "x", "AQ",
                "y", "Ag", "kid", "k1"))));
        for (ClientKeys keys : List.of(inline, new ClientKeys.Remote("https://app.example.com/jwks.json"))) {
            ClientRegistration client = keyed(documentClient("ChatGPT", "https://app.example.com/cb"), keys);

            cache.save(client, Fixtures.NOW.plus(Duration.ofHours(1)));

            assertThat(cache.find(client.id()).orElseThrow().client()).isEqualTo(client);
        }
    }

    private static ClientRegistration keyed(ClientRegistration client, ClientKeys keys) {
        ClientMetadata m = client.metadata();
        var metadata = new ClientMetadata(m.clientName(), m.redirectUris(), m.grantTypes(), m.responseTypes(),
                "private_key_jwt", m.scope(), m.clientUri(), m.logoUri(), m.tosUri(), m.policyUri(), m.contacts(),
                m.softwareId(), m.softwareVersion(), m.applicationType(), Optional.of(keys));
        return new ClientRegistration(client.id(), metadata, client.issuedAt(), client.source());
    }

    /** The row records the document's host as its address: a host past 64 characters was a database error (503). */
    @Test
    void storesAClientWhoseDocumentHostIsLong() {
        String host = "metadata-" + "x".repeat(120) + ".apps." + "y".repeat(60) + ".example.com";
        String url = "https://" + host + "/oauth/client.json";
        ClientRegistration base = Fixtures.client("Long host", List.of("http://localhost/callback"), Fixtures.NOW, host);
        var client = new ClientRegistration(new ClientId(url), base.metadata(), base.issuedAt(), base.source());

        cache.save(client, Fixtures.NOW.plus(Duration.ofHours(1)));

        assertThat(cache.find(client.id()).orElseThrow().client().source().address()).isEqualTo(host);
    }

    @Test
    void changedRedirectUrisForgetTheConsentsRememberedForTheClient() {
        ClientRegistration client = documentClient("Tool", "https://app.example.com/cb");
        cache.save(client, Fixtures.NOW);
        Fixtures.addUser(database, "alice");
        var consents = new JdbiConsentStore(database.jdbi());
        consents.remember("alice", client.id(), Optional.empty(), Fixtures.SCOPES, "https://app.example.com/cb");

        cache.save(documentClient("Tool renamed", "https://app.example.com/cb"), Fixtures.NOW.plusSeconds(60));
        assertThat(consents.granted("alice", client.id(), Optional.empty())).isPresent();

        cache.save(documentClient("Tool", "https://elsewhere.example/cb"), Fixtures.NOW.plusSeconds(120));
        assertThat(consents.granted("alice", client.id(), Optional.empty())).isEmpty();
    }

    @Test
    void aFailedFetchIsRememberedForEveryInstanceReplacedAndForgotten() {
        var id = new ClientId(URL);
        var first = new FetchFailure("connection refused", Fixtures.NOW.plusSeconds(30), Duration.ofSeconds(30));
        var second = new FetchFailure("x".repeat(1500), Fixtures.NOW.plusSeconds(60), Duration.ofSeconds(60));
        var otherInstance = new JdbiDocumentClientCache(database.jdbi());

        cache.rememberFailure(id, first, Fixtures.NOW.plus(Duration.ofMinutes(11)));
        assertThat(otherInstance.lastFailure(id)).contains(first);

        otherInstance.rememberFailure(id, second, Fixtures.NOW.plus(Duration.ofMinutes(11)));
        FetchFailure stored = cache.lastFailure(id).orElseThrow();
        assertThat(stored.reason()).as("cut to its column").hasSize(1000);
        assertThat(stored.retryAfter()).isEqualTo(second.retryAfter());
        assertThat(stored.backoff()).isEqualTo(Duration.ofSeconds(60));

        cache.forgetFailure(id);
        assertThat(otherInstance.lastFailure(id)).isEmpty();
    }

    @Test
    void thePurgeDeletesFailuresOnceForgotten() {
        var old = new ClientId("https://old.example/client.json");
        var recent = new ClientId("https://recent.example/client.json");
        var failure = new FetchFailure("timed out", Fixtures.NOW.minusSeconds(30), Duration.ofSeconds(30));
        cache.rememberFailure(old, failure, Fixtures.NOW.minusSeconds(1));
        cache.rememberFailure(recent, failure, Fixtures.NOW.plusSeconds(60));

        var counts = new JdbiMonitoringStore(database.jdbi()).purge(Fixtures.NOW, Fixtures.NOW.minus(Duration.ofDays(90)));

        assertThat(counts.codes()).isEqualTo(1);
        assertThat(cache.lastFailure(old)).isEmpty();
        assertThat(cache.lastFailure(recent)).contains(failure);
    }

    @Test
    void registeredClientsAreNotCacheEntries() {
        ClientId registered = Fixtures.addClient(database);

        assertThat(cache.find(registered)).isEmpty();
    }

    private static ClientRegistration documentClient(String name, String redirectUri) {
        ClientRegistration base = Fixtures.client(name, List.of(redirectUri), Fixtures.NOW, "app.example.com");
        return new ClientRegistration(new ClientId(URL), base.metadata(), base.issuedAt(), base.source());
    }
}
