package io.mcpdcr.adapters.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {

    @ParameterizedTest(name = "\"{0}\" -> {1} per {2}")
    @CsvSource({
        "20/1h,       20,   PT1H",
        "5/30s,       5,    PT30S",
        "1000/1d,     1000, PT24H",
        "10/15m,      10,   PT15M",
        "1/1s,        1,    PT1S",
        "20/1H,       20,   PT1H",
        "7/2D,        7,    PT48H",
        "'  20/1h  ', 20,   PT1H",
        "'\t3/10s\n', 3,    PT10S",
        "007/05m,     7,    PT5M",
        "1/365d,      1,    PT8760H",
        "999999999/1s, 999999999, PT1S",
    })
    void acceptsCountSlashDuration(String spec, int count, Duration period) {
        assertThat(RateLimit.parse(spec)).contains(new RateLimit(count, period));
    }

    @ParameterizedTest(name = "\"{0}\" -> no limit")
    @ValueSource(strings = {"off", "OFF", "Off", "  off  "})
    void offMeansNoLimit(String spec) {
        assertThat(RateLimit.parse(spec)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {
        "", "   ", "20", "20/", "/1h", "20/h", "20/1", "1h", "20/1w", "20/1ms", "20/1hh", "20/1h1m",
        "0/1h", "20/0s", "-1/1h", "20/-1h", "+5/1h", "20/+1h", "1.5/1h", "20/1.5h", "20 / 1h", "20/ 1h",
        "1e3/1h", "0x10/1h", "1_000/1h", "20/1h,", "off/1h", "no", "none", "disabled", "unlimited",
        "1000000000/1h", "20/1000000000s", "20/366d", "20/8761h", "١٢/1h",
    })
    void refusesAnythingElseNamingTheSyntax(String spec) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RateLimit.parse(spec))
                .withMessageContaining("<count>/<duration>")
                .withMessageContaining("or off")
                .withMessageContaining("got \"" + spec.trim() + "\"");
    }

    @Test
    void constructorChecksTheBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(0, Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(1, Duration.ofMillis(999)));
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(1, Duration.ofDays(365).plusNanos(1)));
        assertThat(new RateLimit(1, Duration.ofMillis(1500)).period()).isEqualTo(Duration.ofMillis(1500));
    }
}
