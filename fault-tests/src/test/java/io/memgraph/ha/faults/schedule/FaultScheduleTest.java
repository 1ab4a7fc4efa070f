package io.memgraph.ha.faults.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static List<PlannedFault> take(long seed, int n) {
        FaultSchedule s = new FaultSchedule(seed, 1000, 2000, 3000, 5000);
        List<PlannedFault> faults = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faults.add(s.next());
        }
        return faults;
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertThat(take(99, 50)).isEqualTo(take(99, 50));
        assertThat(take(99, 50)).isNotEqualTo(take(100, 50));
    }

    @Test
    void theFirstRoundHasEveryKindOnceAndBoundsHold() {
        List<PlannedFault> faults = take(5, 40);
        assertThat(faults.subList(0, FaultSchedule.allKinds())).extracting(PlannedFault::kind)
                .containsExactlyInAnyOrder(FaultKind.values());
        assertThat(faults).allSatisfy(f -> {
            assertThat(f.gapMillis()).isBetween(1000L, 2000L);
            assertThat(f.durationMillis()).isBetween(3000L, 5000L);
        });
    }
}
