package io.mcpdcr.application.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.BudgetThrottle;
import io.mcpdcr.application.fakes.RecordingAuditLog;
import io.mcpdcr.domain.monitoring.AuditEvent.AuditAction;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class GuardTokenEndpointsTest {
    private final BudgetThrottle throttle = new BudgetThrottle(2, Duration.ofSeconds(30));
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final GuardTokenEndpoints guard =
            new GuardTokenEndpoints(throttle, 64, audit, InstantSource.fixed(Instant.parse("2026-03-01T09:30:00Z")));

    @Test
    void admitsUpToTheBudgetThenAnswersHowLongToWait() {
        assertThat(guard.admit("198.51.100.7")).isInstanceOf(GuardTokenEndpoints.Admission.Admitted.class);
        assertThat(guard.admit("198.51.100.7")).isInstanceOf(GuardTokenEndpoints.Admission.Admitted.class);

        assertThat(guard.admit("198.51.100.7"))
                .isEqualTo(new GuardTokenEndpoints.Admission.Throttled(Duration.ofSeconds(30)));
        assertThat(audit.throttled(GuardTokenEndpoints.PER_IP_LIMIT, "198.51.100.7")).isOne();
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareOneBudgetAndOneCount() {
        guard.admit("2001:db8:1:2::1");
        guard.admit("2001:db8:1:2:ffff::9");

        assertThat(guard.admit("2001:db8:1:2:dead:beef:0:1"))
                .isInstanceOf(GuardTokenEndpoints.Admission.Throttled.class);
        assertThat(guard.admit("2001:db8:1:3::1")).isInstanceOf(GuardTokenEndpoints.Admission.Admitted.class);
        assertThat(audit.throttled(GuardTokenEndpoints.PER_IP_LIMIT, "2001:db8:1:2:0:0:0:0/64")).isOne();
    }

    @Test
    void aPrefixOf128KeysEveryIpv6AddressOnItsOwn() {
        var perAddress = new GuardTokenEndpoints(throttle, 128, audit, InstantSource.fixed(Instant.EPOCH));
        perAddress.admit("2001:db8::1");
        perAddress.admit("2001:db8::1");

        assertThat(perAddress.admit("2001:db8::2")).isInstanceOf(GuardTokenEndpoints.Admission.Admitted.class);
        assertThat(perAddress.admit("2001:db8::1")).isInstanceOf(GuardTokenEndpoints.Admission.Throttled.class);
    }

    @Test
    void countsRefusalsPerEndpointErrorAndAddressBlock() {
        guard.refused(AuditAction.TOKEN, "2001:db8:1:2::1", "invalid_grant");
        guard.refused(AuditAction.TOKEN, "2001:db8:1:2::2", "invalid_grant");
        guard.refused(AuditAction.REVOCATION, "198.51.100.7", "invalid_client");

        assertThat(audit.refused(AuditAction.TOKEN, "invalid_grant", "2001:db8:1:2:0:0:0:0/64")).isEqualTo(2);
        assertThat(audit.refused(AuditAction.REVOCATION, "invalid_client", "198.51.100.7")).isOne();
        assertThat(audit.events()).isEmpty();
    }
}
