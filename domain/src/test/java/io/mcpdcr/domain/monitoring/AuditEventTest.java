package io.mcpdcr.domain.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditOutcome;
import io.mcpdcr.domain.registration.ClientId;
import io.mcpdcr.domain.registration.RegistrationSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditEventTest {
    private static final Instant AT = Instant.parse("2026-03-01T09:30:00Z");
    private static final ClientId CLIENT = new ClientId("client-1");
    private static final RegistrationSource SOURCE = new RegistrationSource("192.0.2.1", Optional.of("curl/8"));

    @Test
    void outcomesKeepTheTextStoredInTheAuditTrail() {
        // rows written before the enum existed, the admin page and the CLI all show these words
        assertThat(Arrays.stream(AuditOutcome.values()).map(AuditOutcome::wire)).containsExactly(
                "created", "refused", "succeeded", "failed", "signed_out", "approved", "denied", "code_issued", "issued",
                "revoked", "pruned", "disabled", "enabled", "resolved", "deleted", "grants-kept", "grants-revoked");
    }

    @Test
    void registrationsCarryTheirSource() {
        assertThat(AuditEvent.registered(AT, CLIENT, SOURCE)).isEqualTo(new AuditEvent(AT, AuditAction.REGISTRATION,
                AuditOutcome.CREATED, Optional.empty(), Optional.of(CLIENT), Optional.of("192.0.2.1"),
                Optional.of("curl/8"), Optional.empty()));
        assertThat(AuditEvent.registrationRefused(AT, "invalid_redirect_uri", SOURCE)).isEqualTo(new AuditEvent(AT,
                AuditAction.REGISTRATION, AuditOutcome.REFUSED, Optional.of("invalid_redirect_uri"), Optional.empty(),
                Optional.of("192.0.2.1"), Optional.of("curl/8"), Optional.empty()));
    }

    @Test
    void userEventsNameTheUser() {
        assertThat(AuditEvent.login(AT, false, "192.0.2.1", Optional.of("mallory"))).isEqualTo(new AuditEvent(AT,
                AuditAction.LOGIN, AuditOutcome.FAILED, Optional.empty(), Optional.empty(), Optional.of("192.0.2.1"),
                Optional.empty(), Optional.of("mallory")));
        assertThat(AuditEvent.consent(AT, true, CLIENT, "alice")).isEqualTo(new AuditEvent(AT, AuditAction.CONSENT,
                AuditOutcome.APPROVED, Optional.empty(), Optional.of(CLIENT), Optional.empty(), Optional.empty(),
                Optional.of("alice")));
        assertThat(AuditEvent.passwordChanged(AT, "alice", true).outcome()).isEqualTo(AuditOutcome.GRANTS_KEPT);
        assertThat(AuditEvent.userRemoved(AT, "alice").outcome()).isEqualTo(AuditOutcome.GRANTS_REVOKED);
    }

    @Test
    void adminActionsNameTheAdministrator() {
        assertThat(AuditEvent.clientDeleted(AT, CLIENT, "admin")).isEqualTo(new AuditEvent(AT,
                AuditAction.CLIENT_DELETED, AuditOutcome.DELETED, Optional.empty(), Optional.of(CLIENT),
                Optional.empty(), Optional.empty(), Optional.of("admin")));
        assertThat(AuditEvent.clientPruned(AT, CLIENT).username()).isEmpty();
    }
}
