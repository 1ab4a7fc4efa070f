package io.memgraph.ha.faults.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.faults.checker.AvailabilityChecker.Window;
import io.memgraph.ha.faults.history.Op;
import io.memgraph.ha.faults.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AvailabilityCheckerTest {
    private static final long MS = 1_000_000L;
    private final List<Op> events = new ArrayList<>();
    private long ids;

    /** An operation of {@code process} from {@code fromMs} to {@code toMs} with {@code outcome}. */
    private void op(int process, long fromMs, long toMs, Op.Type outcome) {
        long id = ++ids;
        events.add(new Op(id, process, Op.Type.INVOKE, "write", "k", 1L, fromMs * MS, null));
        events.add(new Op(id, process, outcome, "write", "k", 1L, toMs * MS, null));
    }

    private List<Op> sorted() {
        List<Op> byTime = new ArrayList<>(events);
        byTime.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        return byTime;
    }

    @Test
    void aClusterThatServesAgainDuringTheFaultIsAvailable() {
        op(1, 900, 950, Op.Type.OK);
        op(1, 950, 2100, Op.Type.INFO); // in flight on the leader that was hit
        op(2, 990, 1700, Op.Type.OK);  // answered during the fault, but started before it
        op(2, 1700, 1750, Op.Type.FAIL);
        op(2, 1750, 1800, Op.Type.OK); // started during the fault: the cluster is back
        Window w = new Window("PAUSE_LEADER", 1000 * MS, 4000 * MS);

        assertThat(AvailabilityChecker.recovery(Operation.pair(sorted()), w)).isEqualTo(OptionalLong.of(800 * MS));
        assertThat(AvailabilityChecker.check(sorted(), List.of(w), 0)).isEmpty();
    }

    @Test
    void clientsThatWaitForTheHealAreAnAnomaly() {
        op(1, 900, 950, Op.Type.OK);
        op(1, 950, 4100, Op.Type.OK);   // hung on the paused leader until it was let go on
        op(2, 990, 4050, Op.Type.OK);
        op(2, 1500, 1600, Op.Type.FAIL); // failures say nothing about being served
        op(3, 1200, 3900, Op.Type.INFO);
        op(2, 4050, 4080, Op.Type.OK);  // after the heal
        Window w = new Window("PAUSE_LEADER", 1000 * MS, 4000 * MS);

        assertThat(AvailabilityChecker.recovery(Operation.pair(sorted()), w)).isEmpty();
        assertThat(AvailabilityChecker.check(sorted(), List.of(w), 0)).singleElement().asString()
                .contains("PAUSE_LEADER").contains("3000 ms");
    }

    @Test
    void windowsShorterThanTheMinimumAreNotJudged() {
        op(1, 900, 2100, Op.Type.OK);
        Window shortOne = new Window("RESTART_COLD", 1000 * MS, 2000 * MS);
        Window longOne = new Window("PAUSE_LEADER", 1000 * MS, 3000 * MS);

        assertThat(AvailabilityChecker.check(sorted(), List.of(shortOne), 2000 * MS)).isEmpty();
        assertThat(AvailabilityChecker.check(sorted(), List.of(shortOne), 1000 * MS)).hasSize(1);
        assertThat(AvailabilityChecker.check(sorted(), List.of(longOne), 2000 * MS)).hasSize(1);
    }

    @Test
    void eachWindowIsJudgedOnItsOwn() {
        op(1, 1100, 1200, Op.Type.OK);
        op(1, 5200, 9000, Op.Type.OK);
        List<Window> windows = List.of(new Window("first", 1000 * MS, 3000 * MS), new Window("second", 5000 * MS, 8000 * MS));

        assertThat(AvailabilityChecker.check(sorted(), windows, 0)).singleElement().asString().contains("second");
    }
}
