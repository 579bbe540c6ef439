package io.mcpdcr.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryRunTest {
    private static ReportWriter.MemoryRun.Sample sample(long seconds, long rssMb, long registrations) {
        return new ReportWriter.MemoryRun.Sample(seconds, rssMb * 1024, registrations);
    }

    @Test
    void flatMemoryAfterTheFirstThirtySecondsHasNoSlope() {
        var run = new ReportWriter.MemoryRun(List.of(sample(0, 150, 100_000), sample(10, 180, 101_000),
                sample(30, 200, 103_000), sample(40, 200, 104_000), sample(50, 200, 105_000)));

        assertThat(run.slopeMbPerMinute()).isCloseTo(0, within(1e-9));
        assertThat(run.rssAtMarkKb()).isEqualTo(150 * 1024);
        assertThat(run.maxKb()).isEqualTo(200 * 1024);
        assertThat(run.registrations()).isEqualTo(105_000);
    }

    @Test
    void growthIsReportedInMegabytesPerMinute() {
        var run = new ReportWriter.MemoryRun(List.of(sample(0, 100, 0), sample(30, 100, 0), sample(90, 102, 0),
                sample(150, 104, 0)));

        assertThat(run.slopeMbPerMinute()).isCloseTo(2, within(1e-9));
    }
}
