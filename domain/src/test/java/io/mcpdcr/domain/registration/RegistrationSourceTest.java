package io.mcpdcr.domain.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistrationSourceTest {
    @Test
    void truncatesLongUserAgentsOnWholeCodePoints() {
        String agent = "a".repeat(511) + "😀😀";

        String stored = new RegistrationSource("203.0.113.9", Optional.of(agent)).userAgent().orElseThrow();

        assertThat(stored.codePointCount(0, stored.length())).isEqualTo(RegistrationSource.MAX_USER_AGENT);
        assertThat(stored).endsWith("a😀");
    }

    @Test
    void replacesControlCharactersSoLogsAndStoresStayClean() {
        assertThat(new RegistrationSource("203.0.113.9", Optional.of("curl\u0000/8\r\nX: y")).userAgent())
                .contains("curl?/8??X: y");
    }

    @Test
    void treatsABlankUserAgentAsAbsent() {
        assertThat(new RegistrationSource("203.0.113.9", Optional.of("  ")).userAgent()).isEmpty();
    }
}
