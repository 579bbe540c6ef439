package io.mcpdcr.application.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpdcr.application.fakes.InMemoryMonitoringStore;
import io.mcpdcr.application.fakes.MutableClock;
import io.mcpdcr.domain.monitoring.AbusePolicy;
import io.mcpdcr.domain.monitoring.AbuseThresholds;
import io.mcpdcr.domain.monitoring.Finding;
import io.mcpdcr.domain.monitoring.RegistrationAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScanForAbuseTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    private static final AbuseThresholds THRESHOLDS = AbuseThresholds.defaults();
    private static final Duration WINDOW = THRESHOLDS.window();
    private static final String FLOODER = "203.0.113.7";
    private static final String OTHER_FLOODER = "198.51.100.9";

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryMonitoringStore store = new InMemoryMonitoringStore();
    private final ScanForAbuse scanForAbuse = new ScanForAbuse(store, new AbusePolicy(THRESHOLDS), clock);
    private int registered;

    /** {@code count} created registrations from {@code address} at {@code at}, each with its own metadata. */
    private void registrations(String address, int count, Instant at) {
        IntStream.range(0, count).forEach(i -> {
            int n = registered++;
            store.add(new RegistrationAttempt(at, address, true, Optional.empty(), Optional.of("app " + n),
                    List.of("app.example"), Optional.of("print-" + n)));
        });
    }

    private void flood(String address, Instant at) {
        registrations(address, THRESHOLDS.perAddress() + 1, at);
    }

    @Test
    void savesWhatItFinds() {
        flood(FLOODER, NOW.minus(Duration.ofMinutes(10)));

        List<Finding> found = scanForAbuse.scan();

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo(Finding.Kind.SOURCE_FLOOD);
            assertThat(finding.subject()).isEqualTo(FLOODER);
            assertThat(finding.detectedAt()).isEqualTo(NOW);
        });
        assertThat(store.findings()).isEqualTo(found);
        assertThat(store.reviewSince(NOW.minus(WINDOW)).stream().map(reviewed -> reviewed.finding()).toList())
                .isEqualTo(found);
    }

    @Test
    void aFloodBeyondWhatOneScanReadsIsStillFoundFromItsLatestRegistrations() {
        registrations(FLOODER, ScanForAbuse.MAX_ATTEMPTS + 5, NOW.minus(Duration.ofMinutes(10)));

        List<Finding> found = scanForAbuse.scan();

        // Counted over the latest MAX_ATTEMPTS only: the heap holds one scan's reading whatever the flood.
        assertThat(found).filteredOn(finding -> finding.subject().equals(FLOODER)).singleElement()
                .satisfies(finding -> assertThat(finding.evidence())
                        .startsWith(ScanForAbuse.MAX_ATTEMPTS + " registrations from this address"));
    }

    @Test
    void quietTrafficSavesNothing() {
        registrations(FLOODER, THRESHOLDS.perAddress(), NOW.minus(Duration.ofMinutes(10)));

        assertThat(scanForAbuse.scan()).isEmpty();
        assertThat(store.findings()).isEmpty();
    }

    @ParameterizedTest(name = "a second scan {0} later saves nothing new")
    @CsvSource(textBlock = """
        PT0S
        PT5M
        PT59M59S
        """)
    void savesAFindingOncePerWindow(Duration later) {
        flood(FLOODER, NOW.minus(Duration.ofMinutes(10)));
        scanForAbuse.scan();
        clock.advance(later);
        registrations(FLOODER, 5, clock.instant());          // the flood goes on

        assertThat(scanForAbuse.scan()).isEmpty();
        assertThat(store.findings()).hasSize(1);
    }

    @Test
    void aNewSubjectInTheSameWindowIsSaved() {
        flood(FLOODER, NOW.minus(Duration.ofMinutes(10)));
        scanForAbuse.scan();
        clock.advance(Duration.ofMinutes(5));
        flood(OTHER_FLOODER, clock.instant());

        List<Finding> found = scanForAbuse.scan();

        assertThat(found).extracting(Finding::subject).containsExactly(OTHER_FLOODER);
        assertThat(store.findings()).extracting(Finding::subject).containsExactly(FLOODER, OTHER_FLOODER);
    }

    @Test
    void reportsAgainOnceTheWindowHasPassedIfTheAbuseGoesOn() {
        flood(FLOODER, NOW.minus(Duration.ofMinutes(10)));
        scanForAbuse.scan();
        clock.advance(Duration.ofMinutes(30));
        flood(FLOODER, clock.instant());
        clock.advance(Duration.ofMinutes(31));               // the first finding is now older than one window

        List<Finding> found = scanForAbuse.scan();

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo(FLOODER);
            assertThat(finding.detectedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(61)));
        });
        assertThat(store.findings()).hasSize(2);
    }

    @ParameterizedTest(name = "registrations {0} ago are in the window: {1}")
    @CsvSource(textBlock = """
        PT1M,     true
        PT59M,    true
        PT61M,    false
        PT24H,    false
        """)
    void looksBackOneWindow(Duration ago, boolean counted) {
        flood(FLOODER, NOW.minus(ago));

        assertThat(scanForAbuse.scan()).hasSize(counted ? 1 : 0);
    }

    @Test
    void anOldFloodAndARecentTrickleAreNoFlood() {
        registrations(FLOODER, 20, NOW.minus(Duration.ofMinutes(90)));
        registrations(FLOODER, 20, NOW.minus(Duration.ofMinutes(10)));

        assertThat(scanForAbuse.scan()).isEmpty();
    }
}
