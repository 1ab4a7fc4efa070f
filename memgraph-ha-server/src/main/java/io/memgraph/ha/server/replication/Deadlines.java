package io.memgraph.ha.server.replication;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fails a future still pending at its deadline with a {@link TimeoutException}, as
 * {@link CompletableFuture#orTimeout} does, for the many short-lived futures of commits and read
 * barriers. {@code orTimeout} puts a task on the JDK's shared delay scheduler for every future;
 * when that scheduler's queue was empty (one commit at a time, as a single client sends them) each
 * call wakes its thread, a system call and a context switch per operation, for a deadline that
 * almost never passes. Here a future joins a queue (no system call), and one daemon thread sweeps
 * the queue every tick while it holds anything: it drops the futures that completed and fails those
 * whose deadline passed. A deadline is therefore kept to within about one tick, late, never early.
 */
public final class Deadlines {
    /** The deadlines of this server's commits and read barriers: ticks of 10 ms. */
    public static final Deadlines SHARED = new Deadlines(Duration.ofMillis(10));

    private record Entry(long deadlineNanos, CompletableFuture<?> future) {
    }

    private final long tickNanos;
    private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();
    /** True while a sweep is scheduled or running. */
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    Deadlines(Duration tick) {
        this.tickNanos = tick.toNanos();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "memgraph-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Fails {@code future} with a {@link TimeoutException} if it is still pending {@code timeout}
     * from now (up to a tick later).
     *
     * @return {@code future} itself
     */
    public <T> CompletableFuture<T> within(CompletableFuture<T> future, long timeout, TimeUnit unit) {
        if (future.isDone()) {
            return future;
        }
        pending.add(new Entry(System.nanoTime() + unit.toNanos(timeout), future));
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            timer.schedule(this::sweep, tickNanos, TimeUnit.NANOSECONDS);
        }
        return future;
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Iterator<Entry> it = pending.iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.future.isDone()) {
                    it.remove();
                } else if (now - e.deadlineNanos >= 0) {
                    it.remove();
                    e.future.completeExceptionally(new TimeoutException()); // its stages run here
                }
            }
        } finally {
            next();
        }
    }

    private void next() {
        if (!pending.isEmpty()) {
            timer.schedule(this::sweep, tickNanos, TimeUnit.NANOSECONDS);
            return;
        }
        sweeping.set(false);
        // A future added after the check above saw sweeping still set and scheduled nothing.
        if (!pending.isEmpty() && sweeping.compareAndSet(false, true)) {
            timer.schedule(this::sweep, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Futures waiting for the next sweep (completed ones included until it drops them). */
    int pendingCount() {
        return pending.size();
    }

    /** Whether a sweep is scheduled: false once the queue is empty. */
    boolean sweeping() {
        return sweeping.get();
    }
}
