package io.mcpdcr.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.mcpdcr.application.port.AuditLog;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.RegistrationStore;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.registration.RegisterClient;
import io.mcpdcr.application.registration.RegistrationOutcome;
import io.mcpdcr.application.registration.RegistrationRequest;
import io.mcpdcr.application.registration.SubmittedMetadata;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example in docs/embedding.md: another program hosts {@link RegisterClient} with its own in-memory adapters,
 * using only the public API of the domain and application modules, with no web server, database or rate limiter.
 */
class EmbeddingTest {

    /** The one port a host must write itself; Throttle and ClientIdGenerator have ready-made implementations. */
    static final class MapClientRegistry implements ClientRegistry {
        private final Map<ClientId, ClientRegistration> clients = new ConcurrentHashMap<>();

        @Override
        public void add(ClientRegistration client) {
            clients.put(client.id(), client);
        }

        @Override
        public Optional<ClientRegistration> find(ClientId id) {
            return Optional.ofNullable(clients.get(id));
        }

        @Override
        public void recordUse(ClientId id, Instant at) {
            // This host does not prune clients, so it need not remember when they were used.
        }
    }

    private final MapClientRegistry registry = new MapClientRegistry();
    private final AuditLog audit = AuditLog.discarding();                // or the host's own audit trail
    private final RegisterClient registerClient = new RegisterClient(
            RegistrationStore.of(registry, audit),                      // new clients with their "created" events
            Throttle.unlimited(),                                       // per-IP limit
            AddressBlock.DEFAULT_IPV6_PREFIX,                           // IPv6 addresses count by their /64
            Throttle.unlimited(),                                       // global limit
            ClientIdGenerator.secureRandom(),
            InstantSource.fixed(Instant.parse("2026-03-01T09:30:00Z")),  // InstantSource.system() in production
            new ClientMetadataPolicy(new RedirectUriPolicy(Set.of("cursor"))),
            audit);                                                     // refusals

    private RegistrationOutcome register(Map<String, Object> json) {
        var source = new RegistrationSource("198.51.100.4", Optional.of("Cursor/1.0"));
        return registerClient.register(new RegistrationRequest(new SubmittedMetadata.Members(json), source));
    }

    @Test
    void hostRegistersAClient() {
        RegistrationOutcome outcome = register(Map.of(
                "client_name", "Cursor",
                "redirect_uris", List.of("cursor://anysphere.cursor-retrieval/oauth/callback"),
                "token_endpoint_auth_method", "client_secret_post"));

        assertThat(outcome).isInstanceOf(RegistrationOutcome.Registered.class);
        ClientRegistration client = ((RegistrationOutcome.Registered) outcome).client();
        assertThat(client.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(client.metadata().grantTypes()).containsExactly("authorization_code", "refresh_token");
        assertThat(registry.find(client.id())).contains(client);
    }

    @Test
    void hostReceivesARefusalAsAValue() {
        RegistrationOutcome outcome = register(Map.of(
                "client_name", "Cursor",
                "redirect_uris", List.of("vscode://app/cb")));

        assertThat(outcome).isInstanceOf(RegistrationOutcome.Rejected.class);
        var error = ((RegistrationOutcome.Rejected) outcome).error();
        assertThat(error.code().wire()).isEqualTo("invalid_redirect_uri");
        assertThat(error.description()).contains("the private-use schemes allowed here are cursor");
    }

    @ParameterizedTest(name = "{0} is not on the classpath")
    @ValueSource(strings = {
        "io.javalin.Javalin",
        "org.jdbi.v3.core.Jdbi",
        "io.github.resilience4j.ratelimiter.RateLimiter",
        "io.github.resilience4j.core.IntervalFunction",
    })
    void needsNoFramework(String className) {
        assertThatExceptionOfType(ClassNotFoundException.class).isThrownBy(() -> Class.forName(className));
    }

    @ParameterizedTest(name = "no package {0} on the classpath")
    @ValueSource(strings = {"io/javalin", "org/jdbi", "io/github/resilience4j"})
    void hasNoFrameworkPackage(String packagePath) {
        assertThat(getClass().getClassLoader().getResource(packagePath)).isNull();
    }
}
