package io.memgraph.ha.faults.suite;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small tmpfs mounted on one server's directory, so that its durability directory can be made
 * full on purpose: {@link #fill()} writes a file until the file system says no space is left,
 * {@link #free()} deletes it. Needs root and a working {@code mount}; {@link #mount} says why not
 * otherwise, and the suite then skips the disk-full fault.
 */
final class TmpfsDisk implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TmpfsDisk.class);
    private final Path mountPoint;
    private final Path filler;
    private boolean mounted;

    private TmpfsDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("disk-full-filler");
    }

    /**
     * Mounts a tmpfs of {@code size} (e.g. {@code 128m}) on {@code dir}, an empty directory.
     *
     * @return the disk, or a reason why it cannot be had
     */
    static Result mount(Path dir, String size) {
        TmpfsDisk disk = new TmpfsDisk(dir);
        String problem = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString()));
        if (problem != null) {
            return new Result(null, "cannot mount a tmpfs on " + dir + ": " + problem);
        }
        disk.mounted = true;
        LOG.info("Mounted a tmpfs of {} on {}", size, dir);
        return new Result(disk, null);
    }

    /** A disk or the reason there is none. */
    record Result(TmpfsDisk disk, String whyNot) {
    }

    /** The mount point. */
    Path mountPoint() {
        return mountPoint;
    }

    /**
     * Writes a file until the file system is full.
     *
     * @return the bytes written
     */
    long fill() throws IOException {
        long written = 0;
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException e) {
            // The expected end: "No space left on device". Anything else is a real problem.
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
                throw e;
            }
        }
        return written;
    }

    /** Deletes the filler file. */
    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Frees and unmounts (lazily when busy); logs a failure. */
    @Override
    public void close() {
        if (!mounted) {
            return;
        }
        try {
            free();
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", filler, e.toString());
        }
        String problem = run(List.of("umount", mountPoint.toString()));
        if (problem != null) {
            LOG.warn("umount {}: {}; unmounting lazily", mountPoint, problem);
            problem = run(List.of("umount", "-l", mountPoint.toString()));
            if (problem != null) {
                LOG.warn("umount -l {}: {}", mountPoint, problem);
            }
        }
        mounted = false;
    }

    /** Runs a command; null when it exits 0, else what went wrong. */
    static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish within 20 s";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
