package io.memgraph.ha.proxy;

import io.memgraph.ha.daemon.PrometheusText;
import io.memgraph.ha.daemon.PrometheusText.Sample;
import io.memgraph.ha.daemon.PrometheusText.Type;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the proxy counts for its metrics endpoint ({@code --metrics-port}): connections, and each
 * way it hid (or could not hide) a leader change from its clients. Counting is a {@link LongAdder}
 * increment on the event loop that saw the event; the text is built when scraped.
 */
final class ProxyMetrics {
    /** Why requests went to the servers a second time. */
    enum Resend {
        /** a server refused them (NotALeader, or unavailable) before running anything */
        REFUSED,
        /** the server was lost before it answered the first of them */
        LOST
    }

    final LongAdder clientConnections = new LongAdder();
    final LongAdder backendConnections = new LongAdder();
    private final Map<Resend, LongAdder> resends = new ConcurrentHashMap<>();
    final LongAdder resolvedCommitted = new LongAdder();
    final LongAdder resolvedNotCommitted = new LongAdder();
    final LongAdder reruns = new LongAdder();
    final LongAdder rerunsMatched = new LongAdder();
    final LongAdder rerunsDiffered = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** Units' times: auto-commit read, auto-commit write, explicit read, explicit write. */
    private final PrometheusText.Histogram[] units = {new PrometheusText.Histogram(), new PrometheusText.Histogram(),
        new PrometheusText.Histogram(), new PrometheusText.Histogram()};

    void resent(Resend why) {
        resends.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    /**
     * A unit (an auto-commit query, or an explicit transaction) ended {@code nanos} after its first
     * request came from the client.
     */
    void unitEnded(boolean explicit, boolean read, long nanos) {
        units[(explicit ? 2 : 0) + (read ? 0 : 1)].observe(nanos);
    }

    /** The proxy answered a client with a failure of its own with this code. */
    void failure(String code) {
        failures.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /**
     * The figures now, in Prometheus's text format.
     *
     * @param openSessions client connections open now
     * @param locator where the proxy believes the leader is
     */
    String text(String version, int openSessions, LeaderLocator locator) {
        String leader = locator.leader();
        List<Sample> out = new ArrayList<>();
        out.add(new Sample("memgraph_ha_proxy_info", "The proxy's version (always 1).", Type.GAUGE,
                Map.of("version", version), 1));
        out.add(Sample.of("memgraph_ha_proxy_leader_known", "1 while the proxy knows which server leads.", Type.GAUGE,
                leader == null ? 0 : 1));
        if (leader != null) {
            out.add(new Sample("memgraph_ha_proxy_leader", "The leader's Bolt address as the proxy knows it"
                    + " (always 1).", Type.GAUGE, Map.of("address", leader), 1));
        }
        out.add(Sample.of("memgraph_ha_proxy_leader_changes_total", "Times the leader the proxy knows moved to another"
                + " server.", Type.COUNTER, locator.changes.sum()));
        out.addAll(locator.searches.samples("memgraph_ha_proxy_leader_search_seconds", "From losing the leader (a"
                + " connection to it failed, a server said it no longer leads, or, for a silent one, requests first"
                + " waited on it unanswered) to knowing the next."));
        String unitHelp = "From a transaction's first request reaching the proxy (an auto-commit RUN, or BEGIN) to"
                + " its last answer (its result's end, or COMMIT's or ROLLBACK's answer), with any failover the"
                + " proxy hid; an explicit transaction's includes the client's time between requests. Mode as the"
                + " client declared it (Bolt 1 and 2 declare none: write).";
        for (int i = 0; i < units.length; i++) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("type", i < 2 ? "auto_commit" : "explicit");
            labels.put("mode", i % 2 == 0 ? "read" : "write");
            out.addAll(units[i].samples("memgraph_ha_proxy_transaction_seconds", unitHelp, labels));
        }
        out.add(Sample.of("memgraph_ha_proxy_client_connections_open", "Client connections open now.", Type.GAUGE,
                openSessions));
        out.add(Sample.of("memgraph_ha_proxy_client_connections_total", "Client connections accepted since start (after"
                + " the Bolt handshake).", Type.COUNTER, clientConnections.sum()));
        out.add(Sample.of("memgraph_ha_proxy_backend_connections_total", "Connections opened to the leader for clients"
                + " since start (one per client connection, and one more each time it moves to a new leader).",
                Type.COUNTER, backendConnections.sum()));
        for (Resend r : Resend.values()) {
            LongAdder n = resends.get(r);
            out.add(new Sample("memgraph_ha_proxy_requests_resent_total", "Times a client's requests were sent to the"
                    + " leader again: refused before they ran (refused), or their server lost before it answered"
                    + " (lost).", Type.COUNTER, Map.of("reason", r.name().toLowerCase(Locale.ROOT)),
                    n == null ? 0 : n.sum()));
        }
        String resolved = "Commits whose outcome a lost leader did not tell, resolved with the new leader by their"
                + " ha_tx_id.";
        out.add(new Sample("memgraph_ha_proxy_commits_resolved_total", resolved, Type.COUNTER,
                Map.of("outcome", "committed"), resolvedCommitted.sum()));
        out.add(new Sample("memgraph_ha_proxy_commits_resolved_total", resolved, Type.COUNTER,
                Map.of("outcome", "not_committed"), resolvedNotCommitted.sum()));
        out.add(Sample.of("memgraph_ha_proxy_transactions_rerun_total", "Transactions run again on a new leader after"
                + " theirs was lost or refused them.", Type.COUNTER, reruns.sum()));
        String checks = "Transactions run again whose answers were compared with those the client had: the same (it"
                + " went on) or not (LeaderSwitch).";
        out.add(new Sample("memgraph_ha_proxy_rerun_checks_total", checks, Type.COUNTER, Map.of("result", "same"),
                rerunsMatched.sum()));
        out.add(new Sample("memgraph_ha_proxy_rerun_checks_total", checks, Type.COUNTER, Map.of("result", "different"),
                rerunsDiffered.sum()));
        for (Map.Entry<String, LongAdder> f : new TreeMap<>(failures).entrySet()) {
            out.add(new Sample("memgraph_ha_proxy_failures_total", "Failures the proxy answered a client itself, by"
                    + " code (failures of the servers pass through uncounted).", Type.COUNTER,
                    Map.of("code", f.getKey()), f.getValue().sum()));
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.add(Sample.of("jvm_heap_used_bytes", "Heap memory in use now.", Type.GAUGE, heap.getUsed()));
        out.add(Sample.of("jvm_heap_max_bytes", "The most heap memory the JVM may use.", Type.GAUGE, heap.getMax()));
        out.addAll(PrometheusText.process());
        return PrometheusText.write(out);
    }
}
