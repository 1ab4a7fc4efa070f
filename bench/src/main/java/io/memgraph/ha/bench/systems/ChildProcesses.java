package io.memgraph.ha.bench.systems;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Every process the benchmark starts, so that none outlives it: a shutdown hook (normal exit,
 * failure, Ctrl-C) kills whatever is still running, with its own children.
 */
public final class ChildProcesses {
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "bench-kill-children"));
    }

    private ChildProcesses() {
    }

    /** Registers {@code process} until it exits. */
    public static ProcessHandle track(ProcessHandle process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    /** Kills every registered process that still runs (and its descendants) and waits a little for them to go. */
    public static void killAll() {
        for (ProcessHandle p : LIVE) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (ProcessHandle p : LIVE) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // still there after SIGKILL: nothing more to do
            }
        }
    }

    /** Deletes {@code dir} and everything in it when this JVM exits (normally, on failure or Ctrl-C), after killing the children. */
    public static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            killAll();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("bench: could not delete " + dir + ": " + e);
            }
        }, "bench-delete-" + dir.getFileName()));
    }

    /**
     * Stops {@code process}: SIGTERM, then SIGKILL when it has not exited within {@code grace}.
     *
     * @return whether it stopped within {@code grace}
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more to do: it was killed
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on the loopback address", e);
        }
    }

    /**
     * Reads {@code in} line by line on a daemon thread, giving each line to {@code sink}.
     *
     * @return completed when the stream ends
     */
    public static CompletableFuture<Void> pump(InputStream in, String name, Consumer<String> sink) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                sink.accept("<" + name + " closed: " + e + ">");
            } finally {
                done.complete(null);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** The {@code java} of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
