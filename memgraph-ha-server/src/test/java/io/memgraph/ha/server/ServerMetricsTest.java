package io.memgraph.ha.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.bolt.server.BoltServerStats;
import io.memgraph.ha.daemon.PrometheusText;
import io.memgraph.ha.daemon.PrometheusText.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Raft state of SHOW RAFT INFO as metric samples. */
class ServerMetricsTest {
    @Test
    void aLeadersRowsBecomeGaugesWithOneSamplePerPeer() {
        List<List<Object>> rows = List.of(
                List.of("is_leader", true), List.of("term_id", 4L), List.of("server_id", 1L), List.of("role", "leader"),
                List.of("leader_id", 1L), List.of("leader_bolt_address", "10.0.0.1:7687"), List.of("commit_index", 90L),
                List.of("applied_index", 88L), List.of("cluster_size", 3L), List.of("ready_for_writes", false),
                List.of("peer_2_match_index", 90L), List.of("peer_2_last_contact_ms", 1500L),
                List.of("peer_3_match_index", 12L), List.of("peer_3_last_contact_ms", -1L));
        List<Sample> out = new ArrayList<>();
        ServerMetrics.raft(rows, out);
        assertThat(PrometheusText.write(out).lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "memgraph_ha_raft_is_leader 1",
                "memgraph_ha_raft_term 4",
                "memgraph_ha_raft_role{role=\"leader\"} 1",
                "memgraph_ha_raft_leader_id 1",
                "memgraph_ha_raft_commit_index 90",
                "memgraph_ha_raft_applied_index 88",
                "memgraph_ha_raft_cluster_size 3",
                "memgraph_ha_raft_ready_for_writes 0",
                "memgraph_ha_raft_peer_match_index{peer_id=\"2\"} 90",
                "memgraph_ha_raft_peer_match_index{peer_id=\"3\"} 12",
                "memgraph_ha_raft_peer_last_contact_seconds{peer_id=\"2\"} 1.5",
                "memgraph_ha_raft_peer_last_contact_seconds{peer_id=\"3\"} -1");
    }

    @Test
    void everyFigureOfAServerHasAWellFormedName() {
        List<Sample> all = ServerMetrics.prometheus(new ServerMetrics.Sources(List::of, List::of, () -> 3, () -> 4,
                new BoltServerStats(), () -> Map.of("committed", 7L, "conflict", 1L), new PrometheusText.Histogram(),
                new PrometheusText.Histogram(), "1.2.3", 2));
        assertThat(PrometheusText.write(all)).contains("memgraph_ha_info{version=\"1.2.3\",server_id=\"2\"} 1\n")
                .contains("memgraph_ha_raft_log_syncs_total 3\n").contains("neo4j_dbms_vm_heap_used ")
                .contains("memgraph_ha_bolt_connections_open 4\n").contains("memgraph_ha_bolt_connections_total 0\n")
                .contains("memgraph_ha_commits_total{outcome=\"committed\"} 7\n")
                .contains("memgraph_ha_commits_total{outcome=\"conflict\"} 1\n")
                .contains("# TYPE memgraph_ha_commit_seconds histogram\n")
                .contains("memgraph_ha_query_seconds_count 0\n");
    }
}
