package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Bookmarks name a committed state by its applied log index: {@code "memgraph-ha:<index>"}. A
 * transaction that carries bookmarks must see at least the newest of them, so it waits (briefly)
 * until the server has applied that index.
 */
public final class Bookmarks {
    /** The prefix of every bookmark this server hands out. */
    public static final String PREFIX = "memgraph-ha:";

    private static final long POLL_MILLIS = 5;

    private Bookmarks() {
    }

    /** The bookmark of the state at {@code appliedIndex}. */
    public static String of(long appliedIndex) {
        return PREFIX + appliedIndex;
    }

    /**
     * The newest index named by {@code bookmarks}, or 0 when there are none.
     *
     * @throws BoltFailureException {@code Neo.ClientError.Transaction.InvalidBookmark} for a
     *     bookmark this server did not hand out
     */
    public static long newestIndex(Collection<String> bookmarks) {
        long newest = 0;
        for (String b : bookmarks) {
            if (b == null || !b.startsWith(PREFIX)) {
                throw invalid(b);
            }
            long index;
            try {
                index = Long.parseLong(b, PREFIX.length(), b.length(), 10);
            } catch (NumberFormatException e) {
                throw invalid(b);
            }
            if (index < 0) {
                throw invalid(b);
            }
            newest = Math.max(newest, index);
        }
        return newest;
    }

    private static BoltFailureException invalid(String bookmark) {
        return new BoltFailureException(FailureMapper.INVALID_BOOKMARK, "Invalid bookmark '" + bookmark
                + "': memgraph_ha bookmarks look like '" + PREFIX + "<applied index>'");
    }

    /**
     * Waits until {@code applied} reaches the newest index of {@code bookmarks}.
     *
     * @param bookmarks the bookmarks of a BEGIN or auto-commit RUN
     * @param applied the server's last applied index
     * @param maxWait how long to wait at most
     * @param stop true when the wait must end early (the client sent RESET)
     * @throws BoltFailureException {@code Neo.TransientError.Transaction.BookmarkTimeout} when the
     *     index is not reached in time, or {@code Terminated} when stopped
     */
    public static void awaitApplied(Collection<String> bookmarks, LongSupplier applied, Duration maxWait,
            BooleanSupplier stop) {
        if (bookmarks.isEmpty()) {
            return;
        }
        long wanted = newestIndex(bookmarks);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (applied.getAsLong() < wanted) {
            if (stop.getAsBoolean()) {
                throw new BoltFailureException(BoltFailureException.TERMINATED,
                        "The transaction was terminated while waiting for bookmark " + of(wanted));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BoltFailureException(FailureMapper.BOOKMARK_TIMEOUT, "Bookmark " + of(wanted)
                        + " is newer than this server's state (applied index " + applied.getAsLong()
                        + ") and was not reached within " + maxWait.toMillis() + " ms");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BoltFailureException(BoltFailureException.TERMINATED,
                        "Interrupted while waiting for bookmark " + of(wanted), e);
            }
        }
    }
}
