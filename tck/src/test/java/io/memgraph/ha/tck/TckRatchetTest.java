package io.memgraph.ha.tck;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.descriptor.UriSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the openCypher TCK through the Cucumber JUnit Platform engine in a nested launcher, so that a
 * failing scenario is recorded rather than failing the build; writes {@code docs/tck.md}; and
 * enforces the ratchet: the build fails only if fewer scenarios pass than {@code tck/tck-passing.txt}
 * says.
 *
 * <p>System properties: {@code tck.features} (comma-separated paths under the TCK's
 * {@code features/}, e.g. {@code clauses/match} or {@code clauses/match/Match1.feature}),
 * {@code cucumber.filter.name} (a regular expression on scenario names),
 * {@code cucumber.filter.tags}, {@code tck.parallelism} (threads, default 2),
 * {@code tck.queryTimeoutSeconds}. With any filter the ratchet is not checked and the report goes to
 * {@code target/tck/tck.md}.
 */
class TckRatchetTest {

    @Test
    void tckPassCountNeverDrops() throws IOException {
        String features = System.getProperty("tck.features", "").trim();
        boolean filtered = !features.isEmpty() || isSet("cucumber.filter.name") || isSet("cucumber.filter.tags");

        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .filters(EngineFilter.includeEngines("cucumber"))
                .configurationParameter("cucumber.glue", "io.memgraph.ha.tck")
                .configurationParameter("cucumber.publish.quiet", "true")
                .configurationParameter("cucumber.ansi-colors.disabled", "true");
        int parallelism = Integer.getInteger("tck.parallelism", 2);
        if (parallelism > 1) {
            request.configurationParameter("cucumber.execution.parallel.enabled", "true")
                    .configurationParameter("cucumber.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("cucumber.execution.parallel.config.fixed.parallelism",
                            Integer.toString(parallelism))
                    .configurationParameter("cucumber.execution.parallel.config.fixed.max-pool-size",
                            Integer.toString(parallelism));
        }
        if (features.isEmpty()) {
            request.selectors(DiscoverySelectors.selectPackage("features"));
        } else {
            for (String f : features.split(",")) {
                String path = "features/" + f.trim().replaceAll("^/+|/+$", "");
                request.selectors(path.endsWith(".feature") ? DiscoverySelectors.selectClasspathResource(path)
                        : DiscoverySelectors.selectPackage(path.replace('/', '.')));
            }
        }
        LauncherDiscoveryRequest discovery = request.build();

        Collector collector = new Collector();
        Launcher launcher = LauncherFactory.create();
        long t0 = System.nanoTime();
        launcher.execute(discovery, collector);
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

        List<ScenarioResult> results = collector.results();
        results.sort(Comparator.comparing(ScenarioResult::feature).thenComparingInt(ScenarioResult::line));
        assertThat(results).as("TCK scenarios discovered for tck.features='%s' (is org.opencypher:tck on the test class path? "
                + "does the path exist under the TCK's features/?)", features).isNotEmpty();

        Path ratchetFile = Path.of(System.getProperty("tck.ratchetFile", "tck-passing.txt")).toAbsolutePath().normalize();
        int ratchet = readRatchet(ratchetFile);
        TckReport.Tally total = TckReport.total(results);

        Path target = Path.of("target", "tck");
        Files.createDirectories(target);
        writeOutcomes(target.resolve("outcomes.tsv"), results);
        writeFailures(target.resolve("failures.txt"), results);
        Path report = (filtered ? target.resolve("tck.md")
                : Path.of(System.getProperty("tck.reportFile", target.resolve("tck.md").toString())))
                .toAbsolutePath().normalize();
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, TckReport.markdown(results, ratchet, tckVersion()), StandardCharsets.UTF_8);
        Files.writeString(target.resolve("timing.md"), TckReport.timing(results, elapsedMillis), StandardCharsets.UTF_8);

        // Test output is how the developer learns the numbers; the module lets it reach the console.
        System.out.printf("openCypher TCK: %d scenarios, %d passed (%s), %d failed, %d skipped in %.1f s; report %s%n",
                total.total, total.passed, total.percent(), total.failed, total.skipped, elapsedMillis / 1000.0,
                report);
        if (filtered) {
            System.out.println("openCypher TCK: filtered run, ratchet not checked");
            return;
        }
        if (total.passed > ratchet) {
            System.out.println("openCypher TCK: " + total.passed + " scenarios pass, more than the ratchet's "
                    + ratchet + ": raise tck/tck-passing.txt to " + total.passed);
        }
        assertThat(total.passed)
                .as("openCypher TCK passing scenarios fell below the ratchet in %s (%d); "
                        + "see %s and target/tck/outcomes.tsv for what fails now",
                        ratchetFile, ratchet, report)
                .isGreaterThanOrEqualTo(ratchet);
    }

    /** The version of the TCK jar on the class path, from its Maven metadata. */
    private static String tckVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = TckRatchetTest.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.opencypher/tck/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            p.load(in);
        }
        return p.getProperty("version", "(unknown version)");
    }

    private static boolean isSet(String property) {
        String v = System.getProperty(property);
        return v != null && !v.isBlank();
    }

    private static int readRatchet(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                try {
                    return Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(file + ": expected the number of passing scenarios, got '" + l + "'", e);
                }
            }
        }
        throw new IllegalStateException(file + " holds no number of passing scenarios");
    }

    private static void writeOutcomes(Path file, List<ScenarioResult> results) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("status\tlocation\tname\treason");
        for (ScenarioResult r : results) {
            lines.add(r.status() + "\t" + r.location() + "\t" + r.name() + "\t"
                    + (r.status() == ScenarioResult.Status.PASSED ? "" : TckReport.reason(r.message())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static void writeFailures(Path file, List<ScenarioResult> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            if (r.status() != ScenarioResult.Status.PASSED) {
                sb.append("== ").append(r.status()).append(' ').append(r.location()).append(' ').append(r.name())
                        .append('\n').append(r.message().strip()).append("\n\n");
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Records the outcome of every scenario (every test leaf of the Cucumber engine). */
    private static final class Collector implements TestExecutionListener {
        private final List<ScenarioResult> results = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Long> startNanos = new ConcurrentHashMap<>();
        private volatile TestPlan plan;

        List<ScenarioResult> results() {
            synchronized (results) {
                return new ArrayList<>(results);
            }
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (reason != null && reason.startsWith("'cucumber.filter.")) {
                return; // left out by -Dcucumber.filter.name/tags: not part of this run
            }
            if (id.isTest()) {
                results.add(result(id, ScenarioResult.Status.SKIPPED, reason, 0));
            } else {
                for (TestIdentifier child : plan.getChildren(id)) {
                    executionSkipped(child, reason);
                }
            }
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            startNanos.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            Long started = startNanos.remove(id.getUniqueId());
            long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
            String message = result.getThrowable().map(t -> t.getMessage() == null ? t.toString() : t.getMessage())
                    .orElse("");
            ScenarioResult.Status status = switch (result.getStatus()) {
                case SUCCESSFUL -> ScenarioResult.Status.PASSED;
                case ABORTED -> ScenarioResult.Status.SKIPPED;
                case FAILED -> ScenarioResult.Status.FAILED;
            };
            results.add(result(id, status, message, millis));
        }

        private ScenarioResult result(TestIdentifier id, ScenarioResult.Status status, String message, long millis) {
            // Name: the ancestors below the feature (rule, outline, examples) and the scenario itself.
            List<String> names = new ArrayList<>();
            TestIdentifier cur = id;
            while (cur != null) {
                Optional<TestIdentifier> parent = plan.getParent(cur);
                if (parent.isEmpty() || plan.getParent(parent.get()).isEmpty()) {
                    break; // cur is the feature (its parent is the engine) or the engine itself
                }
                String name = cur.getDisplayName();
                if (name.startsWith("Example #") && name.contains(": ")) {
                    name = name.substring(0, name.indexOf(": ")); // the rest repeats the outline's name
                }
                if (!name.equals("Examples")) {
                    names.add(0, name);
                }
                cur = parent.get();
            }
            String feature = "?";
            int line = 0;
            Optional<TestSource> source = id.getSource();
            if (source.isPresent()) {
                TestSource s = source.get();
                if (s instanceof ClasspathResourceSource c) {
                    feature = c.getClasspathResourceName();
                    line = c.getPosition().map(FilePosition::getLine).orElse(0);
                } else if (s instanceof FileSource f) {
                    feature = f.getFile().getPath().replace('\\', '/');
                    line = f.getPosition().map(FilePosition::getLine).orElse(0);
                } else if (s instanceof UriSource u) {
                    feature = u.getUri().toString();
                }
            }
            int at = feature.lastIndexOf("features/");
            if (at >= 0) {
                feature = feature.substring(at + "features/".length());
            }
            return new ScenarioResult(feature, line, names.stream().collect(Collectors.joining(" / ")), status,
                    message, millis);
        }
    }
}
