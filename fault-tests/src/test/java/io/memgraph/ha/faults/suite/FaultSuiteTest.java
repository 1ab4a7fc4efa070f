package io.memgraph.ha.faults.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite as a test. By default a bounded run: every fault kind once, from a new seed each
 * time (about two minutes). {@code -Dfaults.seed=S} repeats a seed; {@code -Dfaults.minutes=M}
 * injects faults for M minutes instead (the long run). The run logs its seed first, its counts at
 * the end, and on an anomaly the folder with its files and the command that repeats it.
 */
class FaultSuiteTest {
    private static final Logger LOG = LoggerFactory.getLogger(FaultSuiteTest.class);

    @Test
    void aRunUnderEveryKindOfFaultFindsNoAnomaly(@TempDir Path dir) {
        String seedFlag = System.getProperty("faults.seed", "");
        long seed = seedFlag.isBlank() ? ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) : Long.parseLong(seedFlag);
        String minutesFlag = System.getProperty("faults.minutes", "");
        Duration duration = minutesFlag.isBlank() ? null : Duration.ofMinutes(Long.parseLong(minutesFlag));
        Path runs = Path.of(System.getProperty("faults.runs.directory", "target/fault-runs"));
        // Beyond the faults themselves: start-up, hung-operation wait, convergence and checks.
        Duration limit = (duration == null ? Duration.ofMinutes(4) : duration).plusMinutes(4);

        FaultRun.Report report = assertTimeoutPreemptively(limit,
                () -> new FaultRun(new FaultRun.Settings(seed, duration, dir, runs)).run());

        LOG.info("Fault run summary:\n{}", report.summary());
        assertThat(report.anomalies())
                .as("anomalies of seed %d (files in %s; repeat with: %s)", seed, report.folder(),
                        FaultRun.repeatCommand(seed, duration))
                .isEmpty();
    }
}
