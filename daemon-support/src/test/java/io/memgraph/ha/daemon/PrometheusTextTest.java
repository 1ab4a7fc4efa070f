package io.memgraph.ha.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.daemon.PrometheusText.Sample;
import io.memgraph.ha.daemon.PrometheusText.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text format as Prometheus reads it. */
class PrometheusTextTest {
    @Test
    void samplesOfOneFamilyShareItsHelpAndTypeLinesInTheOrderFirstSeen() {
        Map<String, String> two = new LinkedHashMap<>();
        two.put("peer_id", "2");
        two.put("zone", "b");
        String text = PrometheusText.write(List.of(
                new Sample("peer_match", "Match index.", Type.GAUGE, Map.of("peer_id", "1"), 7),
                Sample.of("syncs_total", "Fsyncs.", Type.COUNTER, 12),
                new Sample("peer_match", "Match index.", Type.GAUGE, two, 9)));
        assertThat(text).isEqualTo("""
                # HELP peer_match Match index.
                # TYPE peer_match gauge
                peer_match{peer_id="1"} 7
                peer_match{peer_id="2",zone="b"} 9
                # HELP syncs_total Fsyncs.
                # TYPE syncs_total counter
                syncs_total 12
                """);
    }

    @Test
    void labelValuesAndHelpAreEscapedAndNumbersSpelledAsTheFormatSays() {
        String text = PrometheusText.write(List.of(
                new Sample("x", "a \\ b\nc", Type.GAUGE, Map.of("gc", "G1 \"Young\"\\\n"), 0.25),
                Sample.of("y", "nan", Type.GAUGE, Double.NaN),
                Sample.of("z", "inf", Type.GAUGE, Double.NEGATIVE_INFINITY)));
        assertThat(text).contains("# HELP x a \\\\ b\\nc\n")
                .contains("x{gc=\"G1 \\\"Young\\\"\\\\\\n\"} 0.25\n")
                .contains("y NaN\n")
                .contains("z -Inf\n");
        assertThat(PrometheusText.number(3.0)).isEqualTo("3");
        assertThat(PrometheusText.number(1.5e20)).isEqualTo("1.5E20");
        assertThat(PrometheusText.number(1796692315.583)).isEqualTo("1796692315.583");
        assertThat(PrometheusText.number(1e-9)).isEqualTo("1.0E-9");
    }

    @Test
    void wrongNamesAreRefusedWhereTheyAreMade() {
        assertThatThrownBy(() -> Sample.of("neo4j.dbms.vm", "h", Type.GAUGE, 1))
                .hasMessageContaining("not a metric name");
        assertThatThrownBy(() -> new Sample("ok", "h", Type.GAUGE, Map.of("__reserved", "x"), 1))
                .hasMessageContaining("not a label name");
        assertThatThrownBy(() -> new Sample("ok", "h", Type.GAUGE, Map.of("has-dash", "x"), 1))
                .hasMessageContaining("not a label name");
    }

    @Test
    void neo4jNamesAreWrittenAsNeo4jsPrometheusEndpointWritesThem() {
        assertThat(PrometheusText.neo4jName("database.memgraph.ids_in_use.node", false))
                .isEqualTo("neo4j_database_memgraph_ids_in_use_node");
        assertThat(PrometheusText.neo4jName("database.memgraph.transaction.last_committed_tx_id", true))
                .isEqualTo("neo4j_database_memgraph_transaction_last_committed_tx_id_total");
    }

    @Test
    void aHistogramIsOneFamilyOfCumulativeBucketsWithSumAndCount() {
        PrometheusText.Histogram h = new PrometheusText.Histogram();
        h.observe(50_000);        // 50 µs: every bucket
        h.observe(100_000);       // 100 µs: on the first bound, so in it
        h.observe(3_000_000);     // 3 ms: from the 5 ms bucket on
        h.observe(60_000_000_000L); // a minute: +Inf only
        String text = PrometheusText.write(h.samples("q_seconds", "Query time."));
        assertThat(text).startsWith("# HELP q_seconds Query time.\n# TYPE q_seconds histogram\n")
                .contains("q_seconds_bucket{le=\"0.0001\"} 2\n")
                .contains("q_seconds_bucket{le=\"0.0025\"} 2\n")
                .contains("q_seconds_bucket{le=\"0.005\"} 3\n")
                .contains("q_seconds_bucket{le=\"10\"} 3\n")
                .contains("q_seconds_bucket{le=\"+Inf\"} 4\n")
                .contains("q_seconds_sum 60.00315\n")
                .contains("q_seconds_count 4\n");
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(1);
    }

    @Test
    void labelledSeriesOfOneHistogramShareTheFamilyAndPutLeLast() {
        PrometheusText.Histogram reads = new PrometheusText.Histogram();
        PrometheusText.Histogram writes = new PrometheusText.Histogram();
        reads.observe(200_000);
        writes.observe(2_000_000);
        writes.observe(20_000_000);
        List<Sample> samples = new ArrayList<>(reads.samples("t_seconds", "Time.", Map.of("mode", "read")));
        samples.addAll(writes.samples("t_seconds", "Time.", Map.of("mode", "write")));
        String text = PrometheusText.write(samples);
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).containsExactly("# TYPE t_seconds histogram");
        assertThat(text).contains("t_seconds_bucket{mode=\"read\",le=\"0.00025\"} 1\n")
                .contains("t_seconds_bucket{mode=\"write\",le=\"0.00025\"} 0\n")
                .contains("t_seconds_bucket{mode=\"write\",le=\"0.025\"} 2\n")
                .contains("t_seconds_count{mode=\"read\"} 1\n")
                .contains("t_seconds_sum{mode=\"write\"} 0.022\n");
    }
}
