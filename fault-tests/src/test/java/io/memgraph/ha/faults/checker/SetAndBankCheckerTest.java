package io.memgraph.ha.faults.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.memgraph.ha.faults.history.History;
import io.memgraph.ha.faults.history.Op;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetAndBankCheckerTest {

    @Test
    void setAnomaliesAreLostDuplicatedResurrectedAndInventedIds() {
        History h = new History();
        h.complete(h.invoke(1, "add", null, 1L), Op.Type.OK, null, null);
        h.complete(h.invoke(1, "add", null, 2L), Op.Type.OK, null, null);
        h.complete(h.invoke(1, "add", null, 3L), Op.Type.FAIL, null, "LeaderSwitch");
        h.complete(h.invoke(1, "add", null, 4L), Op.Type.INFO, null, "unknown");
        h.complete(h.invoke(1, "add", null, 5L), Op.Type.INFO, null, "unknown");
        h.complete(h.invoke(1, "add", null, 6L), Op.Type.OK, null, null);

        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 2L, 1, 4L, 1, 6L, 1))).isEmpty();
        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 2L, 1, 6L, 1))).as("unknown outcomes may be absent").isEmpty();

        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 6L, 1))).singleElement().asString()
                .contains("acknowledged id 2 is present 0 times");
        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 2L, 2, 6L, 1))).singleElement().asString()
                .contains("id 2 is present 2 times");
        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 2L, 1, 3L, 1, 6L, 1))).singleElement().asString()
                .contains("id 3 failed");
        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 2L, 1, 5L, 2, 6L, 1))).singleElement().asString()
                .contains("unknown outcome is present 2 times");
        assertThat(SetChecker.check(h.events(), Map.of(1L, 1, 2L, 1, 6L, 1, 77L, 1))).singleElement().asString()
                .contains("77 is present but nobody added it");
    }

    @Test
    void bankReadsMustSeeTheTotal() {
        History h = new History();
        h.complete(h.invoke(1, BankChecker.READ, null, null), Op.Type.OK, Map.of("0", 50L, "1", 50L), null);
        h.complete(h.invoke(1, BankChecker.READ, null, null), Op.Type.FAIL, null, "x");
        assertThat(BankChecker.check(h.events(), 2, 100)).isEmpty();
        h.complete(h.invoke(2, BankChecker.READ, null, null), Op.Type.OK, Map.of("0", 60L, "1", 50L), null);
        h.complete(h.invoke(2, BankChecker.READ, null, null), Op.Type.OK, Map.of("0", 120L, "1", -20L), null);
        h.complete(h.invoke(2, BankChecker.READ, null, null), Op.Type.OK, Map.of("0", 100L), null);
        assertThat(BankChecker.check(h.events(), 2, 100)).hasSize(3);
    }
}
