package io.mcpdcr.application.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.fakes.InMemoryClientRegistry;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.application.port.ClientIdGenerator;
import io.mcpdcr.application.port.ClientRegistry;
import io.mcpdcr.application.port.RegistrationStore;
import io.mcpdcr.application.port.StoreUnavailableException;
import io.mcpdcr.application.port.Throttle;
import io.mcpdcr.application.registration.SubmittedMetadata.BodyProblem;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.network.AddressBlock;
import io.mcpdcr.domain.registration.ClientMetadataPolicy;
import io.mcpdcr.domain.registration.ClientRegistration;
import io.mcpdcr.domain.registration.RedirectUriPolicy;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterClientTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    private static final Duration RETRY_AFTER = Duration.ofMinutes(7);
    private static final String ALICE = "203.0.113.7";
    private static final String BOB = "198.51.100.9";
    // The keys RegisterClient spends: one per caller address, one for the whole instance.
    private static final String ALICE_KEY = "register:" + ALICE;
    private static final String GLOBAL_KEY = "register";

    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    private final RecordingAuditLog audit = new RecordingAuditLog();

    private RegisterClient registerClient(ClientRegistry store, Throttle perIp, Throttle global) {
        return new RegisterClient(RegistrationStore.of(store, audit), perIp, AddressBlock.DEFAULT_IPV6_PREFIX, global, ClientIdGenerator.secureRandom(), InstantSource.fixed(NOW),
                new ClientMetadataPolicy(RedirectUriPolicy.strict()), audit);
    }

    private RegisterClient unthrottled() {
        return registerClient(registry, Throttle.unlimited(), Throttle.unlimited());
    }

    private static RegistrationRequest inspectorFrom(String address) {
        return new RegistrationRequest(
                new SubmittedMetadata.Members(Map.of(
                        "client_name", "MCP Inspector",
                        "redirect_uris", List.of("http://127.0.0.1:6274/oauth/callback"))),
                new RegistrationSource(address, Optional.of("inspector/0.16")));
    }

    private static RegistrationRequest unreadableFrom(String address) {
        return new RegistrationRequest(
                new SubmittedMetadata.Unreadable(BodyProblem.MALFORMED, "the request body is not valid JSON"),
                new RegistrationSource(address, Optional.empty()));
    }

    @Test
    void storesAndReturnsTheRegisteredClient() {
        RegistrationOutcome outcome = unthrottled().register(inspectorFrom(ALICE));

        assertThat(outcome).isInstanceOf(RegistrationOutcome.Registered.class);
        ClientRegistration client = ((RegistrationOutcome.Registered) outcome).client();
        assertThat(client.metadata().clientName()).isEqualTo("MCP Inspector");
        assertThat(client.metadata().tokenEndpointAuthMethod()).isEqualTo("none");
        assertThat(client.issuedAt()).isEqualTo(NOW);
        assertThat(client.source()).isEqualTo(new RegistrationSource(ALICE, Optional.of("inspector/0.16")));
        assertThat(registry.find(client.id())).contains(client);
    }

    @Test
    void givesEachRegistrationAFreshId() {
        RegisterClient register = unthrottled();

        ClientId first = ((RegistrationOutcome.Registered) register.register(inspectorFrom(ALICE))).client().id();
        ClientId second = ((RegistrationOutcome.Registered) register.register(inspectorFrom(ALICE))).client().id();

        assertThat(first).isNotEqualTo(second);
        assertThat(registry.all()).extracting(ClientRegistration::id).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void rejectedRequestStoresNothing() {
        var request = new RegistrationRequest(
                new SubmittedMetadata.Members(Map.of("client_name", "x", "redirect_uris", List.of("http://evil.example/cb"))),
                new RegistrationSource(ALICE, Optional.empty()));

        RegistrationOutcome outcome = unthrottled().register(request);

        assertThat(outcome).isInstanceOf(RegistrationOutcome.Rejected.class);
        assertThat(((RegistrationOutcome.Rejected) outcome).error().code().wire()).isEqualTo("invalid_redirect_uri");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void unreadableBodyStoresNothingButCountsAgainstTheThrottle() {
        var perIp = new BudgetThrottle(1, RETRY_AFTER);
        var global = new BudgetThrottle(100, RETRY_AFTER);
        RegisterClient register = registerClient(registry, perIp, global);

        RegistrationOutcome outcome = register.register(unreadableFrom(ALICE));

        assertThat(outcome).isEqualTo(
                new RegistrationOutcome.Unreadable(BodyProblem.MALFORMED, "the request body is not valid JSON"));
        assertThat(registry.all()).isEmpty();
        assertThat(perIp.attempts(ALICE_KEY)).isEqualTo(1);
        assertThat(global.attempts(GLOBAL_KEY)).isEqualTo(1);
        // The malformed attempt spent Alice's only permit, so her valid one is now refused.
        assertThat(register.register(inspectorFrom(ALICE)))
                .isEqualTo(new RegistrationOutcome.Throttled(RegisterClient.PER_IP_LIMIT, RETRY_AFTER));
    }

    @Test
    void perIpRefusalDoesNotSpendTheGlobalBudget() {
        var perIp = new BudgetThrottle(1, RETRY_AFTER);
        var global = new BudgetThrottle(2, Duration.ofHours(1));
        RegisterClient register = registerClient(registry, perIp, global);
        register.register(inspectorFrom(ALICE));

        RegistrationOutcome refused = register.register(inspectorFrom(ALICE));

        assertThat(refused).isEqualTo(new RegistrationOutcome.Throttled(RegisterClient.PER_IP_LIMIT, RETRY_AFTER));
        assertThat(perIp.attempts(ALICE_KEY)).isEqualTo(2);
        assertThat(global.attempts(GLOBAL_KEY)).isEqualTo(1);
        // The global budget of 2 still has room for another address.
        assertThat(register.register(inspectorFrom(BOB))).isInstanceOf(RegistrationOutcome.Registered.class);
        assertThat(registry.all()).hasSize(2);
    }

    @Test
    void globalRefusalStoresNothing() {
        var global = new BudgetThrottle(1, RETRY_AFTER);
        RegisterClient register = registerClient(registry, Throttle.unlimited(), global);
        register.register(inspectorFrom(ALICE));

        RegistrationOutcome refused = register.register(inspectorFrom(BOB));

        assertThat(refused).isEqualTo(new RegistrationOutcome.Throttled(RegisterClient.GLOBAL_LIMIT, RETRY_AFTER));
        assertThat(registry.all()).extracting(client -> client.source().address()).containsExactly(ALICE);
    }

    // ---- the audit trail ----

    private AuditEvent onlyEvent() {
        assertThat(audit.events()).hasSize(1);
        return audit.events().get(0);
    }

    @Test
    void recordsACreatedClientWithItsIdAddressAndUserAgent() {
        var registered = (RegistrationOutcome.Registered) unthrottled().register(inspectorFrom(ALICE));

        assertThat(onlyEvent()).isEqualTo(new AuditEvent(NOW, AuditAction.REGISTRATION, AuditOutcome.CREATED, Optional.empty(),
                Optional.of(registered.client().id()), Optional.of(ALICE), Optional.of("inspector/0.16"),
                Optional.empty()));
    }

    @ParameterizedTest(name = "a refusal for {1} is recorded")
    @MethodSource("refusals")
    void recordsARefusalWithItsErrorCode(SubmittedMetadata metadata, String errorCode) {
        unthrottled().register(new RegistrationRequest(metadata, new RegistrationSource(BOB, Optional.of("curl/8.5"))));

        assertThat(onlyEvent()).isEqualTo(new AuditEvent(NOW, AuditAction.REGISTRATION, AuditOutcome.REFUSED,
                Optional.of(errorCode), Optional.empty(), Optional.of(BOB), Optional.of("curl/8.5"), Optional.empty()));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new SubmittedMetadata.Members(Map.of("client_name", "x",
                        "redirect_uris", List.of("http://evil.example/cb"))), "invalid_redirect_uri"),
                Arguments.of(new SubmittedMetadata.Members(Map.of("client_name", "x",
                        "redirect_uris", List.of("https://app.example/cb"), "grant_types", List.of("password"))),
                        "invalid_client_metadata"),
                // a body that is no JSON object is answered and recorded as invalid_client_metadata
                Arguments.of(new SubmittedMetadata.Unreadable(BodyProblem.MALFORMED, "the request body is not valid JSON"),
                        "invalid_client_metadata"));
    }

    @Test
    void recordsARefusalWithoutAUserAgentWhenNoneWasSent() {
        unthrottled().register(unreadableFrom(ALICE));

        assertThat(onlyEvent().userAgent()).isEmpty();
        assertThat(onlyEvent().address()).contains(ALICE);
    }

    @Test
    void countsThrottledAttemptsPerLimitAndAddressWithoutRecordingThem() {
        // a flood must not fill the audit trail: throttled attempts are only counted
        var perIp = new BudgetThrottle(1, RETRY_AFTER);
        var global = new BudgetThrottle(2, RETRY_AFTER);
        RegisterClient register = registerClient(registry, perIp, global);
        register.register(inspectorFrom(ALICE));
        register.register(inspectorFrom(ALICE));
        register.register(inspectorFrom(ALICE));
        register.register(inspectorFrom(BOB));
        register.register(inspectorFrom("192.0.2.44"));

        assertThat(audit.throttled(RegisterClient.PER_IP_LIMIT, ALICE)).isEqualTo(2);
        assertThat(audit.throttled(RegisterClient.GLOBAL_LIMIT, "192.0.2.44")).isEqualTo(1);
        assertThat(audit.throttled(RegisterClient.PER_IP_LIMIT, BOB)).isZero();
        assertThat(audit.events()).extracting(event -> event.outcome().wire()).containsExactly("created", "created");
        assertThat(audit.events()).extracting(event -> event.address().orElseThrow()).containsExactly(ALICE, BOB);
    }

    @Test
    void keysIpv6OnTheConfiguredPrefixButRecordsTheFullAddress() {
        var perIp = new BudgetThrottle(1, RETRY_AFTER);
        var register = new RegisterClient(RegistrationStore.of(registry, audit), perIp, 48, Throttle.unlimited(),
                ClientIdGenerator.secureRandom(), InstantSource.fixed(NOW),
                new ClientMetadataPolicy(RedirectUriPolicy.strict()), audit);

        register.register(inspectorFrom("2001:db8:5:1::7"));
        RegistrationOutcome rotated = register.register(inspectorFrom("2001:db8:5:ffff::1"));
        RegistrationOutcome otherBlock = register.register(inspectorFrom("2001:db8:6::1"));

        assertThat(rotated).isInstanceOf(RegistrationOutcome.Throttled.class);
        assertThat(otherBlock).isInstanceOf(RegistrationOutcome.Registered.class);
        assertThat(perIp.attempts("register:2001:db8:5:0:0:0:0:0/48")).isEqualTo(2);
        assertThat(audit.throttled(RegisterClient.PER_IP_LIMIT, "2001:db8:5:0:0:0:0:0/48")).isOne();
        assertThat(audit.events()).extracting(event -> event.address().orElseThrow())
                .containsExactly("2001:db8:5:1::7", "2001:db8:6::1");
    }

    @Test
    void refusesAnIpv6PrefixOutOfRangeAtConstruction() {
        assertThatThrownBy(() -> new RegisterClient(RegistrationStore.of(registry, audit), Throttle.unlimited(), 16,
                Throttle.unlimited(), ClientIdGenerator.secureRandom(), InstantSource.fixed(NOW),
                new ClientMetadataPolicy(RedirectUriPolicy.strict()), audit))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingStoreRecordsNoCreation() {
        ClientRegistry down = new ClientRegistry() {
            @Override
            public void add(ClientRegistration client) {
                throw new StoreUnavailableException("database unreachable", null);
            }

            @Override
            public Optional<ClientRegistration> find(ClientId id) {
                return Optional.empty();
            }

            @Override
            public void recordUse(ClientId id, Instant at) {}
        };

        assertThatThrownBy(() -> registerClient(down, Throttle.unlimited(), Throttle.unlimited())
                .register(inspectorFrom(ALICE))).isInstanceOf(StoreUnavailableException.class);
        assertThat(audit.events()).noneMatch(event -> event.outcome().wire().equals("created"));
    }

    @Test
    void storeFailurePropagatesForTheHostToAnswer503() {
        ClientRegistry down = new ClientRegistry() {
            @Override
            public void add(ClientRegistration client) {
                throw new StoreUnavailableException("database unreachable", null);
            }

            @Override
            public Optional<ClientRegistration> find(ClientId id) {
                return Optional.empty();
            }

            @Override
            public void recordUse(ClientId id, Instant at) {
                throw new StoreUnavailableException("database unreachable", null);
            }
        };

        assertThatThrownBy(() -> registerClient(down, Throttle.unlimited(), Throttle.unlimited())
                .register(inspectorFrom(ALICE))).isInstanceOf(StoreUnavailableException.class);
    }
}
