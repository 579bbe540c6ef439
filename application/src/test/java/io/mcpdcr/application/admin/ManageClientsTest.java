package io.mcpdcr.application.admin;

import static io.mcpdcr.application.fakes.FlowFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.FlowFixture;
import io.mcpdcr.application.fakes.InMemoryClientDirectory;
import io.mcpdcr.application.fakes.InMemoryClientMaintenance;
import io.mcpdcr.application.port.ClientDirectory.ClientSummary;
import io.mcpdcr.domain.monitoring.AuditEvent;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.registration.ClientId;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ManageClientsTest {
    private final FlowFixture flow = new FlowFixture();
    private final ManageClients clients = new ManageClients(new InMemoryClientDirectory(flow.clients, flow.stores),
            new InMemoryClientMaintenance(flow.clients, flow.stores), flow.audit, flow.audit, flow.clock);

    @Test
    void eachChangeIsRecordedUnderTheActingAdministratorAtTheClocksTime() {
        ClientId id = flow.register("c1").id();
        flow.clock.advance(Duration.ofMinutes(5));

        assertThat(clients.disable(id, "root")).isEqualTo(new ManageClients.ClientChange.Changed(id));
        assertThat(clients.enable(id, "root")).isEqualTo(new ManageClients.ClientChange.Changed(id));
        assertThat(clients.revokeTokens(id, "root")).isEqualTo(new ManageClients.ClientChange.Changed(id));
        assertThat(clients.delete(id, "root")).isEqualTo(new ManageClients.ClientChange.Changed(id));

        assertThat(flow.audit.events()).extracting(AuditEvent::action).containsExactly(AuditAction.CLIENT_DISABLED,
                AuditAction.CLIENT_ENABLED, AuditAction.CLIENT_TOKENS_REVOKED, AuditAction.CLIENT_DELETED);
        assertThat(flow.audit.events()).allSatisfy(event -> {
            assertThat(event.at()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(event.clientId()).contains(id);
            assertThat(event.username()).contains("root");
        });
    }

    @Test
    void aDisabledClientIsRefusedAtAuthorizeUntilEnabledAndItsTokensAreGone() {
        var client = flow.register("c1");
        flow.code(client);

        clients.disable(client.id(), "root");

        assertThat(flow.clients.find(client.id())).isEmpty();
        assertThat(clients.show(client.id()).orElseThrow().details().disabled()).isTrue();
        clients.enable(client.id(), "root");
        assertThat(flow.clients.find(client.id())).isPresent();
    }

    @Test
    void anUnknownClientIsAnOutcomeAndNothingIsRecorded() {
        ClientId unknown = new ClientId("nobody");

        assertThat(clients.disable(unknown, "root")).isEqualTo(new ManageClients.ClientChange.NoSuchClient(unknown));
        assertThat(clients.enable(unknown, "root")).isInstanceOf(ManageClients.ClientChange.NoSuchClient.class);
        assertThat(clients.delete(unknown, "root")).isInstanceOf(ManageClients.ClientChange.NoSuchClient.class);
        assertThat(clients.revokeTokens(unknown, "root")).isInstanceOf(ManageClients.ClientChange.NoSuchClient.class);
        assertThat(clients.show(unknown)).isEmpty();

        assertThat(flow.audit.events()).isEmpty();
    }

    @Test
    void aClientIsShownWithItsAuditTrailNewestFirst() {
        ClientId id = flow.register("c1").id();
        clients.disable(id, "root");
        clients.enable(id, "root");

        assertThat(clients.show(id).orElseThrow().trail()).extracting(AuditEvent::action)
                .containsExactly(AuditAction.CLIENT_ENABLED, AuditAction.CLIENT_DISABLED);
    }

    @Test
    void pagesHoldFiftyClientsAndSayWhetherMoreFollow() {
        IntStream.range(0, 120).forEach(i -> flow.register(String.format("c%03d", i)));

        ManageClients.ClientPage first = clients.search("", 0);
        ManageClients.ClientPage last = clients.search(" ", 2);

        assertThat(first.clients()).hasSize(ManageClients.PAGE_SIZE);
        assertThat(first.hasNext()).isTrue();
        assertThat(first.clients().get(0).clientId()).isEqualTo("c119");
        assertThat(last.clients()).hasSize(20).extracting(ClientSummary::clientId).endsWith("c000");
        assertThat(last.hasNext()).isFalse();
        assertThat(clients.search("c007", 0).clients()).extracting(ClientSummary::clientId).containsExactly("c007");
        assertThat(clients.search(null, -3).page()).isZero();
    }

    @Test
    void theCommandLineListCountsItsWindowBackFromTheClock() {
        flow.register("c1");
        flow.clock.advance(Duration.ofHours(2));

        assertThat(clients.list(Optional.of(Duration.ofHours(1)), Optional.empty(), Optional.empty(), false)).isEmpty();
        assertThat(clients.list(Optional.of(Duration.ofHours(3)), Optional.empty(), Optional.empty(), false))
                .hasSize(1);
    }
}
