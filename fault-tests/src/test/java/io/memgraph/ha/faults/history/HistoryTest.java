package io.memgraph.ha.faults.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.faults.checker.RegisterHistory;
import io.memgraph.ha.faults.checker.RegisterOp;
import io.memgraph.ha.faults.checker.Verdict;
import io.memgraph.ha.faults.checker.WglChecker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @Test
    void eventsAreSavedAsJsonLinesAndReadBackTheSame(@TempDir Path dir) throws Exception {
        History h = new History();
        Op w = h.invoke(1, "write", "k1", 5L);
        Op c = h.invoke(2, "cas", "k1", List.of(5L, 6L));
        h.complete(w, Op.Type.OK, 5L, null);
        h.complete(c, Op.Type.INFO, null, "Neo.TransientError.Cluster.ReplicationTimeout: slow");
        Op r = h.invoke(3, "read", "k1", null);
        h.complete(r, Op.Type.OK, 6L, null);
        h.invoke(1, "write", "k2", 9L);

        Path file = dir.resolve("history.jsonl");
        h.save(file);
        List<Op> back = History.read(file);

        assertThat(back).hasSize(7);
        assertThat(back.get(3).error()).contains("ReplicationTimeout");
        assertThat(back.get(3).type()).isEqualTo(Op.Type.INFO);
        assertThat(back).extracting(Op::nanos).isSorted();
        assertThat(h.pending()).extracting(Op::key).containsExactly("k2");
        // Same operations after the trip through JSON (numbers may come back as Integer).
        Map<String, List<RegisterOp>> before = RegisterHistory.byKey(h.events());
        Map<String, List<RegisterOp>> after = RegisterHistory.byKey(back);
        assertThat(after).isEqualTo(before);
        assertThat(after.get("k1")).extracting(RegisterOp::kind)
                .containsExactly(RegisterOp.Kind.WRITE, RegisterOp.Kind.CAS, RegisterOp.Kind.READ);
        assertThat(after.get("k1").get(1).unknown()).isTrue();
        assertThat(after.get("k2").get(0).unknown()).as("never completed: unknown").isTrue();
    }

    @Test
    void keysAreCheckedIndependently() {
        History h = new History();
        h.complete(h.invoke(1, "write", "a", 1L), Op.Type.OK, 1L, null);
        h.complete(h.invoke(1, "write", "b", 2L), Op.Type.OK, 2L, null);
        h.complete(h.invoke(2, "read", "a", null), Op.Type.OK, 1L, null);
        // A failed write took no effect: it must not explain the read of 3.
        h.complete(h.invoke(2, "write", "b", 3L), Op.Type.FAIL, null, "Neo.TransientError.Cluster.LeaderSwitch");
        h.complete(h.invoke(2, "read", "b", null), Op.Type.OK, 3L, null);
        h.complete(h.invoke(3, "cas", "a", List.of(1L, 4L)), Op.Type.OK, false, null);

        Map<String, Verdict> v = RegisterHistory.check(h.events(), 0L, new WglChecker(1_000_000, 10_000_000_000L));

        assertThat(v.get("a").result()).as("a: the miss of cas 1 -> 4 after reading 1 is not possible")
                .isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
        assertThat(v.get("b").result()).isEqualTo(Verdict.Result.NOT_LINEARIZABLE);
    }

    @Test
    void aCompletionNeedsItsInvocation() {
        History h = new History();
        Op w = h.invoke(1, "write", "k", 1L);
        h.complete(w, Op.Type.OK, 1L, null);
        assertThatThrownBy(() -> h.complete(w, Op.Type.OK, 1L, null)).isInstanceOf(IllegalStateException.class);
        Op orphan = new Op(99, 1, Op.Type.OK, "write", "k", 1L, 5, null);
        assertThatThrownBy(() -> Operation.pair(List.of(orphan))).isInstanceOf(IllegalArgumentException.class);
    }
}
