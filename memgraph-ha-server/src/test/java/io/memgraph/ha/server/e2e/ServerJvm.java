package io.memgraph.ha.server.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of a server process the tests start: this JVM's {@code java}, the test class
 * path (or the jar named by {@value #JAR_PROPERTY}), and an application class-data sharing (CDS)
 * archive of the server's classes, made once per test JVM.
 *
 * <p>Why: the tests start server processes hundreds of times (a cluster scenario restarts servers
 * twice a round), and each start used to load and verify the same few thousand classes from 55 class
 * path entries: about 1.4 s to listening on a two-core machine, and that CPU taken from the other
 * servers of the cluster. With the classes mapped from an archive a start takes about 0.65 s.
 *
 * <p>How: CDS takes classes from jar files only, so each directory of the class path (the module's
 * {@code target/classes} and {@code target/test-classes}) is packed into a jar first; then a
 * single server runs a short query warm-up with {@code -XX:ArchiveClassesAtExit} and is stopped,
 * which writes the archive of every class it loaded; a {@code -Xshare:on} run checks that the
 * archive maps with that class path. If anything of this fails, the servers run as before,
 * without an archive (logged).
 *
 * <p>Only where {@code -D}{@value #CDS_PROPERTY}{@code =true}: the root pom sets it for every
 * module's tests; the benchmarks, which start servers through this class too, run them as a user
 * does, without an archive.
 */
public final class ServerJvm {
    private static final Logger LOG = LoggerFactory.getLogger(ServerJvm.class);

    /** System property naming a built {@code memgraph-ha.jar} to run instead of the test class path. */
    public static final String JAR_PROPERTY = "memgraph-ha.server.jar";
    /** System property: {@code false} starts servers without the class-data sharing archive. */
    public static final String CDS_PROPERTY = "memgraph-ha.server.cds";
    public static final String MAIN_CLASS = "io.memgraph.ha.server.MemgraphHa";
    private static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(90);

    /** How every server of this JVM is launched: the class path options and the archive option. */
    private record Launch(List<String> classPath, List<String> archive) {
    }

    /** The launch per value of {@value #JAR_PROPERTY} ("" for the class path): the bench switches jars. */
    private static final Map<String, Launch> LAUNCHES = new HashMap<>();

    private ServerJvm() {
    }

    /**
     * {@code java}, {@code jvmOptions}, the archive option (if there is an archive), the class
     * path (or {@code -jar}) with the main class, then {@code flags}.
     */
    public static List<String> command(List<String> jvmOptions, List<String> flags) {
        Launch l = launch();
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmOptions);
        cmd.addAll(l.archive());
        cmd.addAll(l.classPath());
        cmd.addAll(flags);
        return cmd;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static synchronized Launch launch() {
        String jar = System.getProperty(JAR_PROPERTY);
        return LAUNCHES.computeIfAbsent(jar == null ? "" : jar, k -> prepare(jar));
    }

    private static Launch prepare(String jar) {
        List<String> plain = jar != null ? List.of("-jar", jar)
                : List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS);
        if (!Boolean.getBoolean(CDS_PROPERTY)) {
            return new Launch(plain, List.of());
        }
        long started = System.nanoTime();
        Path work = null;
        try {
            Path target = Path.of("target");
            // absolute: the archive and the packed jars must be found whatever a server's working directory
            work = Files.createTempDirectory(Files.isDirectory(target) ? target : Path.of(System.getProperty(
                    "java.io.tmpdir")), "server-jvm-").toAbsolutePath();
            deleteOnExit(work);
            List<String> classPath = jar != null ? plain : List.of("-cp", packedClassPath(work), MAIN_CLASS);
            Path archive = work.resolve("server.jsa");
            String problem = dumpArchive(work, classPath, archive);
            if (problem == null) {
                problem = checkArchive(classPath, archive);
            }
            if (problem != null) {
                LOG.warn("Server processes start without a class-data sharing archive: {}", problem);
                return new Launch(plain, List.of());
            }
            LOG.info("Server processes start with the class-data sharing archive {} ({} KB, made in {} ms)",
                    archive, Files.size(archive) / 1024, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new Launch(classPath, List.of("-XX:SharedArchiveFile=" + archive));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Server processes start without a class-data sharing archive: {}", e.toString(), e);
            return new Launch(plain, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while making the servers' class-data sharing archive", e);
        }
    }

    /** This JVM's class path with each directory replaced by a jar of its contents (made under {@code work}). */
    private static String packedClassPath(Path work) throws IOException {
        List<String> entries = new ArrayList<>();
        int packed = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = work.resolve("dir-" + (packed++) + ".jar");
                packDirectory(p, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void packDirectory(Path dir, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    /**
     * Runs a single server on a scratch directory until its query warm-up has run (so the parser,
     * planner and storage classes are loaded too), stops it with SIGTERM and returns null once the
     * archive is written; else what went wrong.
     */
    private static String dumpArchive(Path work, List<String> classPath, Path archive)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Dmemgraph.query-warmup=3", "-Dmemgraph.query-warmup-rest=0"));
        cmd.addAll(classPath);
        Path scratch = Files.createDirectories(work.resolve("scratch"));
        cmd.addAll(ServerProcess.flags(scratch));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("MEMGRAPH_CONFIG");
        Process p = pb.start();
        CompletableFuture<Boolean> warmedUp = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.contains("Query warm-up:")) {
                        warmedUp.complete(true);
                    }
                }
            } catch (IOException e) {
                LOG.debug("reading the archiving server's output: {}", e.toString());
            }
            warmedUp.complete(false);
        }, "server-jvm-archive-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean ready = warmedUp.get(ARCHIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!ready) {
                return "the archiving server ended before its warm-up (exit " + p.waitFor() + "): " + tail(lines);
            }
            p.destroy();
            if (!p.waitFor(ARCHIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return "the archiving server did not stop within " + ARCHIVE_TIMEOUT;
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
                return "the archiving server (exit " + p.exitValue() + ") wrote no archive: " + tail(lines);
            }
            return null;
        } catch (java.util.concurrent.TimeoutException e) {
            return "the archiving server did not warm up within " + ARCHIVE_TIMEOUT + ": " + tail(lines);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code -Xshare:on} refuses to start when the archive does not map with this class path: null if it does. */
    private static String checkArchive(List<String> classPath, Path archive) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive));
        cmd.addAll(classPath);
        cmd.add("--help");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(ARCHIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return "the check of the archive did not end within " + ARCHIVE_TIMEOUT;
        }
        String text = out.join();
        if (p.exitValue() != 0 || text.contains("shared archive") || text.contains("[cds")) {
            return "the archive does not map (exit " + p.exitValue() + "): " + text.strip().lines().limit(5).toList();
        }
        return null;
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return lines.subList(Math.max(0, lines.size() - 10), lines.size()).toString();
        }
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // The JVM is ending: a leftover directory under target/ is all this costs.
                System.err.println("could not delete " + dir + ": " + e);
            }
        }, "server-jvm-cleanup"));
    }
}
