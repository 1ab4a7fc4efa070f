package io.memgraph.ha.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Notices a leader that went silent. A leader whose process was stopped, whose machine lost power
 * or whose network was cut refuses nothing: the proxy's connections to it stay open and its
 * requests wait forever, while the other servers elect a new leader. The sessions note when they
 * send a request to a server and when an answer comes from it ({@link Activity}); {@link #sweep},
 * run every {@value #SWEEP_MILLIS} ms, finds the leader owing answers and silent for
 * {@value #SILENCE_MILLIS} ms and has the {@link LeaderLocator} ask the other servers who leads.
 * When they name another, each session gives up on the requests that still wait on the old one
 * (see {@code ProxySession.leaderLost}).
 *
 * <p>A busy leader that answers any session is not silent; a leader that runs one long query and
 * nothing else is, and is only asked about, ever more rarely, while it runs.
 */
final class LeaderWatch {
    static final long SWEEP_MILLIS = 50;
    /** How long the leader may owe answers without giving any before it is suspected. */
    static final long SILENCE_MILLIS = 250;

    /** When requests were last sent to one server, and when an answer last came from it. */
    static final class Activity {
        private volatile long sent;
        private volatile long answered;

        Activity(long now) {
            sent = now;
            answered = now;
        }

        /** Requests were sent (written and flushed) to the server. */
        void sent() {
            sent = System.nanoTime();
        }

        /** Something came from the server. */
        void answered() {
            answered = System.nanoTime();
        }
    }

    private final LeaderLocator locator;
    private final ConcurrentHashMap<String, Activity> activity = new ConcurrentHashMap<>();
    // The sweep's own state: it runs on one thread at a time.
    private String watched;
    private long watchedAnswer;
    private boolean owing;
    private long owingSince;

    LeaderWatch(LeaderLocator locator) {
        this.locator = locator;
    }

    /** The activity record of the server at {@code address} ({@code host:port}), shared by all sessions. */
    Activity activity(String address) {
        return activity.computeIfAbsent(address, a -> new Activity(System.nanoTime()));
    }

    /**
     * Looks at the leader once: owing answers (a request sent after its last answer) and silent since
     * the sweep first saw it owing, for {@value #SILENCE_MILLIS} ms, it is suspected.
     */
    void sweep() {
        String leader = locator.leader();
        Activity a = leader == null ? null : activity.get(leader);
        if (a == null) {
            watched = null;
            return;
        }
        long now = System.nanoTime();
        long answered = a.answered;
        if (!leader.equals(watched) || answered != watchedAnswer) {
            watched = leader;
            watchedAnswer = answered;
            owing = false;
        }
        if (a.sent - answered <= 0) {
            owing = false;
        } else if (!owing) {
            owing = true;
            owingSince = now;
        } else if (now - owingSince >= TimeUnit.MILLISECONDS.toNanos(SILENCE_MILLIS)) {
            locator.suspect(leader);
        }
    }
}
