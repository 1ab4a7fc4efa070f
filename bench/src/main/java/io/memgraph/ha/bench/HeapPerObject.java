package io.memgraph.ha.bench;

import io.memgraph.ha.bench.systems.ChildProcesses;
import io.memgraph.ha.server.e2e.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap bytes per graph object of the storage engine, as the storage engine's own benchmark
 * ({@code io.memgraph.ha.storage.bench.StorageBench}, test sources of {@code storage-engine})
 * measures it: run in a child JVM with the server jar and that module's test classes (the system
 * property {@value #TEST_CLASSES_PROPERTY}), stopped as soon as it has printed the figure.
 */
public final class HeapPerObject {
    public static final String TEST_CLASSES_PROPERTY = "bench.storage.test-classes";
    static final Pattern FIGURE = Pattern.compile("heap after full GC: [0-9.]+ MiB total, ([0-9.]+) bytes per object");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private HeapPerObject() {
    }

    /** The figure in a line of StorageBench's output, or -1 when the line has none. */
    static double parse(String line) {
        Matcher m = FIGURE.matcher(line);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** Loads {@code vertices} vertices and twice as many edges; returns bytes per object. */
    public static double measure(int vertices) throws Exception {
        String classes = System.getProperty(TEST_CLASSES_PROPERTY);
        String jar = System.getProperty(ServerProcess.JAR_PROPERTY);
        if (classes == null || jar == null) {
            throw new IllegalStateException("needs the system properties " + TEST_CLASSES_PROPERTY + " and "
                    + ServerProcess.JAR_PROPERTY);
        }
        List<String> cmd = List.of(ChildProcesses.java(), "-Xmx4g", "-cp", jar + ":" + classes,
                "io.memgraph.ha.storage.bench.StorageBench", Integer.toString(vertices), Integer.toString(2 * vertices));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ChildProcesses.track(p.toHandle());
        CompletableFuture<Double> figure = new CompletableFuture<>();
        ChildProcesses.pump(p.getInputStream(), "storage-bench-output", line -> {
            double v = parse(line);
            if (v >= 0) {
                figure.complete(v);
            }
        }).thenRun(() -> figure.completeExceptionally(new IllegalStateException("StorageBench ended without a figure")));
        try {
            return figure.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            ChildProcesses.stop(p.toHandle(), Duration.ofSeconds(5));
        }
    }
}
