package io.memgraph.ha.server;

import io.memgraph.ha.daemon.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock a server holds on its durability directory from before it reads anything
 * there until it exits, so that two servers never write one Raft log: {@code <dir>/lock}, locked
 * with {@link FileChannel#tryLock()}. That is an advisory lock of the operating system, dropped
 * when the process ends (kill -9 included), so a file left behind never blocks a start. The file
 * holds the holder's pid and start time, for the refusal a second server prints.
 *
 * <p>The operating system's lock is per process: within one JVM a second attempt is refused from
 * {@link #HELD} without opening the file again (closing any descriptor of a locked file drops the
 * process's lock on it).
 */
final class DurabilityLock implements AutoCloseable {
    /** The name of the lock file in the durability directory. */
    static final String FILE_NAME = "lock";
    private static final Logger LOG = LoggerFactory.getLogger(DurabilityLock.class);
    /** How much of another holder's lock file a refusal quotes. */
    private static final int MAX_HOLDER_CHARS = 200;
    /** The directories locked in this JVM (real paths), each with its holder line. */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path realDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DurabilityLock(Path realDir, FileChannel channel, FileLock lock) {
        this.realDir = realDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist) and writes this process's pid and start time into the
     * lock file.
     *
     * @throws ConfigException when another process (or another server in this JVM) holds the lock,
     *     naming the directory and that process; or when the lock file cannot be created or locked
     */
    static DurabilityLock acquire(Path dir) throws ConfigException {
        Path file = dir.resolve(FILE_NAME);
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(flag(dir) + ": cannot resolve the directory: " + e);
        }
        String holder = "pid " + ProcessHandle.current().pid() + ", started "
                + ProcessHandle.current().info().startInstant().orElseGet(Instant::now).truncatedTo(ChronoUnit.SECONDS);
        String sameJvm = HELD.putIfAbsent(realDir, holder);
        if (sameJvm != null) {
            throw inUse(dir, file, sameJvm + ", in this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // locked through another channel of this JVM, outside this class
            }
            if (lock == null) {
                String other = holderOf(file);
                channel.close();
                HELD.remove(realDir);
                throw inUse(dir, file, other);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            LOG.debug("Locked {} ({})", file, holder);
            return new DurabilityLock(realDir, channel, lock);
        } catch (IOException e) {
            HELD.remove(realDir);
            closeQuietly(channel, file);
            throw new ConfigException(flag(dir) + ": cannot create or lock " + file + " (the lock that keeps a"
                    + " second server off the directory): " + e);
        }
    }

    /** Releases the lock (the process's exit would too). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("Releasing the lock on {}: {}", realDir, e.toString());
        } finally {
            HELD.remove(realDir);
        }
    }

    private static ConfigException inUse(Path dir, Path file, String holder) {
        return new ConfigException(flag(dir) + ": the directory is in use by another memgraph_ha (" + holder
                + "; it holds the lock on " + file + "); stop that server, or give this one a directory of its own");
    }

    /** The holder line of another process's lock file, or what is known when it cannot be read. */
    private static String holderOf(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "its pid is unknown: cannot read the lock file: " + e.getMessage();
        }
        String line = text.lines().findFirst().orElse("").strip().replaceAll("\\p{Cntrl}", "?");
        if (line.isEmpty()) {
            return "its pid is not written yet";
        }
        return line.length() > MAX_HOLDER_CHARS ? line.substring(0, MAX_HOLDER_CHARS) + "..." : line;
    }

    private static String flag(Path dir) {
        return "--durability-directory=" + dir;
    }

    private static void closeQuietly(FileChannel channel, Path file) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing {} after a failed lock: {}", file, e.toString());
        }
    }
}
