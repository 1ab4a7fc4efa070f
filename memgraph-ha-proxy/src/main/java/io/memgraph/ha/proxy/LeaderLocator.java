package io.memgraph.ha.proxy;

import io.memgraph.ha.daemon.PrometheusText;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the proxy believes the leader is, shared by all sessions. Learnt from the metadata of every
 * HELLO answer a server gives (its {@code role}, and the {@code leader} Bolt address it knows) and
 * forgotten when a connection to the leader fails; the background refresh asks every endpoint.
 * A server whose HELLO answer has no {@code role} is a standalone server and counts as a leader.
 *
 * <p>Once a leader is forgotten, the other servers' word for it is not taken again until they
 * speak from a newer term: after a leader dies, its followers keep naming it until their election
 * timeout, and believing them would send every waiting session back to the dead address (and set
 * the poll below spinning) for the whole election. The server's own claim is always taken.
 *
 * <p>While any session waits for a leader ({@link #whenLeaderKnown}), one shared poll asks every
 * endpoint every {@value #POLL_MILLIS} ms, so that a new leader is found within a poll of its
 * election however many sessions wait (each session's own search rounds are much rarer). The same
 * poll runs while the leader is suspected of a silent death ({@link #suspect}: requests sent to it
 * and no answer for a while): a leader that stopped, lost power or was cut off refuses nothing, its
 * connections hang instead of failing, and only the other servers electing a new leader tell. An
 * endpoint whose probe has not come back (a stopped server accepts connections and answers nothing)
 * is skipped until it does, so one such server does not slow the poll down.
 *
 * <p>Whenever the leader changes or is forgotten, the {@link #onLeaderLost} listener hears of the
 * address it had: sessions still waiting on that server give up on it.
 */
final class LeaderLocator {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderLocator.class);
    static final long POLL_MILLIS = 20;
    /** The poll's period once the leader has been suspected this long without a change: it may be busy only. */
    static final long SUSPICION_FAST_MILLIS = 3000;
    static final long SUSPICION_SLOW_POLL_MILLIS = 250;
    /** A suspicion not renewed for this long lapses (the sweep that raised it saw answers again). */
    static final long SUSPICION_TTL_MILLIS = 200;
    /**
     * A suspicion of the same leader within this long of the last one's end continues it: a leader
     * running one long transaction after another (a bulk load through one session) owes an answer
     * most of the time, and is asked about at the slow rate, and logged once, instead of anew each time.
     */
    static final long SUSPICION_MEMORY_MILLIS = 10_000;

    /** Asks one endpoint for its HELLO metadata; calls back with (address, metadata) or nothing on failure. */
    @FunctionalInterface
    interface Prober {
        void probe(Endpoint endpoint, BiConsumer<String, Map<String, Object>> answer, Runnable failed);
    }

    private final List<Endpoint> endpoints;
    private volatile String leader;
    /** The newest term in which a server claimed (or named) a leader. */
    private long newestTerm = -1;
    /** The leader last forgotten, and the newest term known when it was (-1: none known). */
    private String gone;
    private long goneTerm = -1;
    private final List<Waiter> waiters = new ArrayList<>();
    private EventLoop pollLoop;
    private Prober prober;
    private boolean polling;
    /** Endpoints whose probe has not come back yet. */
    private final Set<Endpoint> probing = new HashSet<>();
    /** The leader suspected of a silent death, since when, and until when the suspicion holds (nanos). */
    private String suspected;
    private long suspectedSince;
    private long suspectedUntil;
    private Consumer<String> leaderLost = address -> { };
    /** When the proxy last lost its leader without knowing the next (nanos), or 0 while it knows one. */
    private long lostAt;
    /** The last leader known (null before the first). */
    private String lastKnown;
    /** Times the leader moved to another server; how long each search for the next took (metrics). */
    final LongAdder changes = new LongAdder();
    final PrometheusText.Histogram searches = new PrometheusText.Histogram();

    private record Waiter(EventLoop loop, Consumer<String> then) {}

    LeaderLocator(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** Enables the shared poll (without it, waiters are told only when someone else learns the leader). */
    synchronized void pollWith(EventLoop loop, Prober p) {
        this.pollLoop = loop;
        this.prober = p;
    }

    /** Sets who hears the address of a leader that was replaced or forgotten (called under this object's lock). */
    synchronized void onLeaderLost(Consumer<String> listener) {
        this.leaderLost = listener;
    }

    /**
     * Says that {@code address}, the leader, has answered nothing for a while though requests wait on
     * it: polls the endpoints, quickly at first, while the suspicion is renewed (at least every
     * {@value #SUSPICION_TTL_MILLIS} ms), until another leader is known. Ignored if {@code address}
     * is not the leader any more.
     */
    void suspect(String address) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!address.equals(leader)) {
                return;
            }
            if (!address.equals(suspected)
                    || now - suspectedUntil > TimeUnit.MILLISECONDS.toNanos(SUSPICION_MEMORY_MILLIS)) {
                suspected = address;
                suspectedSince = now;
                LOG.info("Leader {} has answered nothing for a while though requests wait on it; asking the other"
                        + " servers who leads", address);
            }
            suspectedUntil = now + TimeUnit.MILLISECONDS.toNanos(SUSPICION_TTL_MILLIS);
            startPolling();
        }
    }

    /** Starts the shared poll unless it runs; with the lock held. */
    private void startPolling() {
        if (!polling && prober != null) {
            polling = true;
            pollLoop.execute(this::pollRound);
        }
    }

    /**
     * Calls {@code then} on {@code loop} with the leader's address as soon as one is known (at once
     * if it is known now). Callers check on their side whether they still care.
     */
    void whenLeaderKnown(EventLoop loop, Consumer<String> then) {
        String l = leader;
        if (l != null) {
            loop.execute(() -> then.accept(l));
            return;
        }
        synchronized (this) {
            waiters.add(new Waiter(loop, then));
            startPolling();
        }
    }

    /**
     * One round of probes, of every endpoint whose last probe came back; another follows after
     * {@value #POLL_MILLIS} ms while anyone waits or the leader is suspected (after
     * {@value #SUSPICION_SLOW_POLL_MILLIS} ms once the suspicion is older than
     * {@value #SUSPICION_FAST_MILLIS} ms and nobody waits).
     */
    private void pollRound() {
        List<Endpoint> toProbe = new ArrayList<>();
        Prober p;
        long next;
        synchronized (this) {
            long now = System.nanoTime();
            boolean suspicion = suspected != null && now - suspectedUntil < 0;
            if (prober == null || (waiters.isEmpty() && !suspicion)) {
                polling = false; // the suspicion is remembered, see SUSPICION_MEMORY_MILLIS
                return;
            }
            next = waiters.isEmpty() && now - suspectedSince > TimeUnit.MILLISECONDS.toNanos(SUSPICION_FAST_MILLIS)
                    ? SUSPICION_SLOW_POLL_MILLIS : POLL_MILLIS;
            for (Endpoint e : endpoints) {
                if (probing.add(e)) {
                    toProbe.add(e);
                }
            }
            p = prober;
        }
        for (Endpoint e : toProbe) {
            p.probe(e, (address, hello) -> {
                probeBack(e);
                learn(address, hello);
            }, () -> probeBack(e));
        }
        pollLoop.schedule(this::pollRound, next, TimeUnit.MILLISECONDS);
    }

    private synchronized void probeBack(Endpoint e) {
        probing.remove(e);
    }

    /** Stops polling for good (the proxy is closing). */
    synchronized void stop() {
        prober = null;
        waiters.clear();
    }

    private void notifyWaiters(String address) {
        List<Waiter> ready;
        synchronized (this) {
            ready = List.copyOf(waiters);
            waiters.clear();
        }
        for (Waiter w : ready) {
            w.loop().execute(() -> w.then().accept(address));
        }
    }

    /** The leader's Bolt address ({@code host:port}), or null when unknown. */
    String leader() {
        return leader;
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Whether a HELLO answer says that the server answering it is the leader. */
    static boolean saysLeader(Map<String, Object> hello) {
        Object role = hello.get("role");
        return role == null || "leader".equals(role);
    }

    /** The leader address a HELLO answer names, or null. */
    static String namedLeader(Map<String, Object> hello) {
        return hello.get("leader") instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * Learns from the HELLO answer of the server at {@code address}. While a leader is known, a claim
     * of leadership (its own or another's) in an older term than the known leader's is ignored: it
     * comes from a server that has not yet heard of the newer leader (one that was paused or cut off,
     * say). The servers refuse leader-only reads anyway; this keeps clients from being sent there.
     */
    synchronized void learn(String address, Map<String, Object> hello) {
        String before = leader;
        long term = hello.get("term") instanceof Number n ? n.longValue() : -1;
        boolean claims = saysLeader(hello) || namedLeader(hello) != null;
        if (claims && before != null && term >= 0 && term < newestTerm) {
            LOG.debug("Ignoring {}'s word on the leader in term {}: {} leads term {}", address, term, before,
                    newestTerm);
            return;
        }
        if (!saysLeader(hello) && claims && namedLeader(hello).equals(gone) && goneTerm >= 0
                && term <= goneTerm) {
            LOG.debug("Not taking {}'s word that {} leads term {}: it was lost in that term", address, gone,
                    term);
            return;
        }
        if (claims && term >= 0) {
            // with no leader known, any claim is taken (a cluster started anew counts its terms anew)
            newestTerm = before == null ? term : Math.max(newestTerm, term);
        }
        if (saysLeader(hello)) {
            leader = address;
            gone = null;
        } else if (namedLeader(hello) != null) {
            leader = namedLeader(hello);
        } else if (address.equals(before)) {
            leader = null;
        }
        String now = leader;
        if (before == null ? now != null : !before.equals(now)) {
            long searched = changed(before, now);
            if (searched < 0) {
                LOG.info("Leader is now {} (learnt from {})", now == null ? "unknown" : now, address);
            } else {
                LOG.info("Leader is now {} (learnt from {}), {} ms after the last one was lost", now, address,
                        TimeUnit.NANOSECONDS.toMillis(searched));
            }
            if (before != null) {
                lost(before);
            }
        }
        if (now != null) {
            notifyWaiters(now);
        }
    }

    /**
     * Counts a change of the known leader from {@code before} to {@code now} (either may be null),
     * with the lock held: a search for the next leader starts when the leader is lost and ends when
     * the next is known; one that went silent was lost when requests first waited on it unanswered.
     *
     * @return how long the search that {@code now} ends took (nanos), or -1 when none ended
     */
    private long changed(String before, String now) {
        long t = System.nanoTime();
        if (now == null) {
            if (lostAt == 0) {
                lostAt = t;
            }
            return -1;
        }
        if (lastKnown != null && !now.equals(lastKnown)) {
            changes.increment();
        }
        lastKnown = now;
        long from = lostAt;
        if (from == 0 && before != null && before.equals(suspected) && t - suspectedUntil < 0) {
            from = suspectedSince;
        }
        lostAt = 0;
        if (from == 0) {
            return -1;
        }
        searches.observe(t - from);
        return t - from;
    }

    /** {@code address} led and does not any more, as far as the proxy knows; with the lock held. */
    private void lost(String address) {
        if (address.equals(suspected)) {
            suspected = null;
        }
        leaderLost.accept(address);
    }

    /** Forgets {@code address} as the leader (a connection to it failed, or it said it is not). */
    synchronized void forget(String address) {
        if (address != null && address.equals(leader)) {
            leader = null;
            gone = address;
            goneTerm = newestTerm;
            LOG.info("Leader {} is gone; searching", address);
            changed(address, null);
            lost(address);
        }
    }

    /** Every endpoint's address, the leader's (if it is not among them) too. */
    List<String> everyAddress() {
        Set<String> out = new LinkedHashSet<>();
        String l = leader;
        if (l != null) {
            out.add(l);
        }
        for (Endpoint e : endpoints) {
            out.add(e.toString());
        }
        return new ArrayList<>(out);
    }
}
