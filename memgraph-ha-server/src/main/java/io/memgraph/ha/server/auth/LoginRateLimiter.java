package io.memgraph.ha.server.auth;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address: once an address has failed {@code maxFailures} times within
 * {@code window}, it is {@link #blocked} until the oldest of those failures is older than the
 * window, so it gets at most {@code maxFailures} password checks per window. Successes change
 * nothing (a known-good login must not buy an attacker more guesses), and no address affects
 * another's count. At most {@code maxAddresses} addresses are tracked: when full, addresses whose
 * failures have all expired go first, then the one that failed least recently. Thread-safe.
 */
public final class LoginRateLimiter {
    private final int maxFailures;
    private final long windowNanos;
    private final int maxAddresses;
    private final LongSupplier nanoClock;
    /** Failure times per address, oldest first; iteration order: least recently failed first. */
    private final LinkedHashMap<String, ArrayDeque<Long>> failures = new LinkedHashMap<>();

    /**
     * @param maxFailures failures within the window after which an address is blocked
     * @param window how far back failures count
     * @param maxAddresses the most addresses remembered at once
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; tests pass their own)
     */
    public LoginRateLimiter(int maxFailures, Duration window, int maxAddresses, LongSupplier nanoClock) {
        if (maxFailures < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate limit needs maxFailures >= 1, maxAddresses >= 1 and a positive"
                    + " window");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoClock = nanoClock;
    }

    /** The server's limit: 5 failures per 60 s per address, 10,000 addresses. */
    public static LoginRateLimiter standard() {
        return new LoginRateLimiter(5, Duration.ofSeconds(60), 10_000, System::nanoTime);
    }

    /** Failures within the window that block an address. */
    public int maxFailures() {
        return maxFailures;
    }

    /** The window, for messages. */
    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Whether attempts from {@code address} are refused now (without checking any password). */
    public synchronized boolean blocked(String address) {
        ArrayDeque<Long> times = failures.get(address);
        if (times == null) {
            return false;
        }
        expire(times, nanoClock.getAsLong());
        if (times.isEmpty()) {
            failures.remove(address);
            return false;
        }
        return times.size() >= maxFailures;
    }

    /**
     * Records a failed attempt from {@code address}.
     *
     * @return whether this failure blocks the address (the moment to say so in the log)
     */
    public synchronized boolean failed(String address) {
        long now = nanoClock.getAsLong();
        ArrayDeque<Long> times = failures.remove(address); // re-inserted last: the most recent failure
        if (times == null) {
            times = new ArrayDeque<>();
            makeRoom(now);
        }
        expire(times, now);
        times.addLast(now);
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
        failures.put(address, times);
        return times.size() == maxFailures;
    }

    private void expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }

    private void makeRoom(long now) {
        if (failures.size() < maxAddresses) {
            return;
        }
        Iterator<Map.Entry<String, ArrayDeque<Long>>> it = failures.entrySet().iterator();
        while (it.hasNext()) {
            ArrayDeque<Long> times = it.next().getValue();
            expire(times, now);
            if (times.isEmpty()) {
                it.remove();
            }
        }
        if (failures.size() >= maxAddresses) {
            it = failures.entrySet().iterator();
            it.next();
            it.remove();
        }
    }

    /** How many addresses are remembered now. */
    public synchronized int trackedAddresses() {
        return failures.size();
    }
}
