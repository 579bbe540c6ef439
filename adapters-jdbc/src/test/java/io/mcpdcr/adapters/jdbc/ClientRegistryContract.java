package io.mcpdcr.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.ClientMetadata;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbiClientRegistry} must do, whatever the database behind it. */
abstract class ClientRegistryContract extends DatabaseContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Nanoseconds on purpose: the domain truncates to micros, which both databases keep.
    private static final Instant ISSUED_AT = Instant.parse("2026-03-08T01:59:59.123456789Z");
    // Emoji are two UTF-16 units and four UTF-8 bytes: the worst case for column sizes.
    private static final int[] WIDE_CODE_POINTS = {0x1F916, 'é', 0x540D, 0x1F600, 'a', 0x20AC};

    private JdbiClientRegistry registry;

    @BeforeEach
    void createRegistry() {
        registry = new JdbiClientRegistry(database.jdbi());
    }

    @Test
    void findsAnAddedClientWithEveryOptionalField() {
        var client = registration(new ClientMetadata(
                "MCP Inspector",
                List.of("http://localhost:6274/oauth/callback", "https://inspector.example/cb?x=1&y=2"),
                List.of("authorization_code", "refresh_token"),
                List.of("code"),
                "none",
                Optional.of("mcp:tools offline_access"),
                Optional.of("https://inspector.example/"),
                Optional.of("https://inspector.example/logo.png"),
                Optional.of("https://inspector.example/tos"),
                Optional.of("https://inspector.example/privacy"),
                List.of("ops@inspector.example", "Security Team <sec@inspector.example>"),
                Optional.of("4NRB1-0XZABZI9E6-5SM3R"),
                Optional.of("0.17.2"),
                Optional.of("native")),
                new RegistrationSource("2001:db8::1", Optional.of("MCP-Inspector/0.17 (Linux)")));

        registry.add(client);

        assertThat(registry.find(client.id())).contains(client);
    }

    @Test
    void findsAnAddedClientWithNoOptionalField() {
        var client = registration(minimalMetadata("Bare"), new RegistrationSource("203.0.113.7", Optional.empty()));

        registry.add(client);

        assertThat(registry.find(client.id())).contains(client);
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(registry.find(ClientId.random(RANDOM))).isEmpty();
    }

    @Test
    void refusesADuplicateClientIdAndKeepsTheFirst() {
        var first = registration(minimalMetadata("First"), source());
        var second = new ClientRegistration(first.id(), minimalMetadata("Second"), ISSUED_AT.plusSeconds(1), source());
        registry.add(first);

        assertThatThrownBy(() -> registry.add(second))
                .isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(JdbiException.class)
                .satisfies(failure -> assertThat(messageChain(failure)).doesNotContain("Second", "test-agent"));
        assertThat(registry.find(first.id())).contains(first);
    }

    @Test
    void keepsAUnicodeClientNameOf200CodePoints() {
        String name = wideText(200);
        var client = registration(minimalMetadata(name), source());

        registry.add(client);

        assertThat(name.codePointCount(0, name.length())).isEqualTo(200);
        assertThat(registry.find(client.id()).orElseThrow().metadata().clientName()).isEqualTo(name);
    }

    @Test
    void keepsTenRedirectUrisOf2000CharactersInOrder() {
        List<String> uris = IntStream.range(0, 10).mapToObj(i -> uriOfLength(9 - i, 2000)).toList();
        var client = registration(minimalMetadata("Many URIs", uris), source());

        registry.add(client);

        assertThat(registry.find(client.id()).orElseThrow().metadata().redirectUris()).containsExactlyElementsOf(uris);
    }

    @Test
    void keepsEveryFieldAtTheLargestValueTheDomainAllows() {
        List<String> uris = IntStream.range(0, 10).mapToObj(i -> uriOfLength(i, 2000)).toList();
        var client = registration(new ClientMetadata(
                wideText(200),
                uris,
                List.of("authorization_code", "refresh_token"),
                List.of("code"),
                "none",
                Optional.of("s".repeat(1000)),
                Optional.of(uriOfLength(1, 2000)),
                Optional.of(uriOfLength(2, 2000)),
                Optional.of(uriOfLength(3, 2000)),
                Optional.of(uriOfLength(4, 2000)),
                IntStream.range(0, 10).mapToObj(i -> wideText(320)).toList(),
                Optional.of(wideText(200)),
                Optional.of(wideText(200)),
                Optional.of("native")),
                new RegistrationSource("f".repeat(64), Optional.of(wideText(600))));

        registry.add(client);

        String userAgent = client.source().userAgent().orElseThrow();
        assertThat(userAgent.codePointCount(0, userAgent.length())).isEqualTo(RegistrationSource.MAX_USER_AGENT);
        assertThat(registry.find(client.id())).contains(client);
    }

    /** A document client's address is its document's host, nearly as long as its 2000-character client_id. */
    @Test
    void keepsAnAddressAsLongAsADocumentHost() {
        String host = "a".repeat(63) + "." + "b".repeat(1900) + ".example";
        var client = registration(minimalMetadata("Document"), new RegistrationSource(host, Optional.empty()));

        registry.add(client);

        assertThat(registry.find(client.id()).orElseThrow().source().address()).isEqualTo(host);
    }

    @Test
    void findsNoDisabledClientButStillFindsTheOthers() {
        var disabled = registration(minimalMetadata("Disabled"), source());
        var enabled = registration(minimalMetadata("Enabled"), source());
        registry.add(disabled);
        registry.add(enabled);

        assertThat(new JdbiClientMaintenance(database.jdbi(), () -> ISSUED_AT).disable(disabled.id())).isTrue();

        assertThat(registry.find(disabled.id())).isEmpty();
        assertThat(registry.find(enabled.id())).contains(enabled);
        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM oauth_client WHERE client_id = ?",
                disabled.id().value())).as("disabled, not deleted").isOne();
    }

    @Test
    void recordsTheLatestUseAndNeverMovesItBack() {
        var client = registration(minimalMetadata("Used"), source());
        var other = registration(minimalMetadata("Unused"), source());
        registry.add(client);
        registry.add(other);
        Instant later = ISSUED_AT.plusSeconds(3600);

        registry.recordUse(client.id(), later);
        registry.recordUse(client.id(), later.minusSeconds(1));

        assertThat(lastUsed(client.id())).contains(later.truncatedTo(ChronoUnit.MICROS));
        assertThat(lastUsed(other.id())).isEmpty();
        registry.recordUse(client.id(), later.plusNanos(1_000));
        assertThat(lastUsed(client.id())).contains(later.truncatedTo(ChronoUnit.MICROS)
                .plusNanos(1_000));
        assertThat(registry.find(client.id())).as("the registration itself is unchanged").contains(client);
    }

    @Test
    void recordsNoUseOfAnUnknownClient() {
        registry.recordUse(ClientId.random(RANDOM), ISSUED_AT);

        assertThat(Fixtures.count(database, "SELECT COUNT(*) FROM oauth_client")).isZero();
    }

    @Test
    void failsAsUnavailableWhenTheDatabaseIsGone() {
        var client = registration(minimalMetadata("Lost"), source());
        assertThat(database.isReachable()).isTrue();

        database.close();

        assertThat(database.isReachable()).isFalse();
        assertThatThrownBy(() -> registry.add(client))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("client registry unavailable")
                .hasCauseInstanceOf(JdbiException.class);
        assertThatThrownBy(() -> registry.find(client.id()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(JdbiException.class);
        assertUnavailable("client registry unavailable", () -> registry.recordUse(client.id(), ISSUED_AT));
    }

    private Optional<Instant> lastUsed(ClientId id) {
        return new JdbiClientQueries(database.jdbi()).show(id, ISSUED_AT).orElseThrow().lastUsed();
    }

    /** Every message in the cause chain, where logs would see them: they must not quote client data. */
    private static String messageChain(Throwable failure) {
        var messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static ClientRegistration registration(ClientMetadata metadata, RegistrationSource source) {
        return new ClientRegistration(ClientId.random(RANDOM), metadata, ISSUED_AT, source);
    }

    private static ClientMetadata minimalMetadata(String name) {
        return minimalMetadata(name, List.of("http://127.0.0.1/cb"));
    }

    private static ClientMetadata minimalMetadata(String name, List<String> redirectUris) {
        return new ClientMetadata(name, redirectUris, List.of("authorization_code"), List.of("code"), "none",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static RegistrationSource source() {
        return new RegistrationSource("198.51.100.23", Optional.of("test-agent/1.0"));
    }

    /** Exactly {@code codePoints} code points, mixing one- to four-byte characters and starting with an emoji. */
    private static String wideText(int codePoints) {
        var text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(WIDE_CODE_POINTS[i % WIDE_CODE_POINTS.length]);
        }
        return text.toString();
    }

    /** A distinct https URI of exactly {@code length} characters. */
    private static String uriOfLength(int tag, int length) {
        String prefix = "https://client" + tag + ".example/cb?state=";
        return prefix + "x".repeat(length - prefix.length());
    }
}
