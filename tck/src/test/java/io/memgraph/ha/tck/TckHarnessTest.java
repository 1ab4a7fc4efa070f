package io.memgraph.ha.tck;

import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TCK harness's own pieces: the literal parser, the comparison form, side effects, reasons. */
class TckHarnessTest {

    private static String canon(String literal) {
        return CanonicalForm.of(TckLiteralParser.parse(literal), false);
    }

    @Test
    void parsesScalars() {
        assertThat(TckLiteralParser.parse("null")).isNull();
        assertThat(TckLiteralParser.parse("true")).isEqualTo(true);
        assertThat(TckLiteralParser.parse("-42")).isEqualTo(-42L);
        assertThat(TckLiteralParser.parse("1.5e3")).isEqualTo(1500.0);
        assertThat(TckLiteralParser.parse(".5")).isEqualTo(0.5);
        assertThat((Double) TckLiteralParser.parse("NaN")).isNaN();
        assertThat(TckLiteralParser.parse("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(TckLiteralParser.parse("'it\\'s a \\\\ \"q\"'")).isEqualTo("it's a \\ \"q\"");
    }

    @Test
    void parsesCollectionsAndGraphLiterals() {
        assertThat(TckLiteralParser.parse("[1, 'a', [], {}]")).isEqualTo(List.of(1L, "a", List.of(), Map.of()));
        assertThat(TckLiteralParser.parse("{name: 'x', `odd key`: [true]}"))
                .isEqualTo(Map.of("name", "x", "odd key", List.of(true)));
        assertThat(TckLiteralParser.parse("(:A:B {k: 1})"))
                .isEqualTo(new TckGraphValue.Node(List.of("A", "B"), Map.of("k", 1L)));
        assertThat(TckLiteralParser.parse("[:T {k: 'v'}]"))
                .isEqualTo(new TckGraphValue.Relationship("T", Map.of("k", "v")));
        TckGraphValue.Path p = (TckGraphValue.Path) TckLiteralParser.parse("<(:A)-[:T]->(:B)<-[:U]-()>");
        assertThat(p.nodes()).hasSize(3);
        assertThat(p.forward()).containsExactly(true, false);
        assertThat(p.relationships().get(1).type()).isEqualTo("U");
    }

    @Test
    void rejectsMalformedLiterals() {
        assertThatThrownBy(() -> TckLiteralParser.parse("[1, 2")).hasMessageContaining("[1, 2");
        assertThatThrownBy(() -> TckLiteralParser.parse("'open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> TckLiteralParser.parse("1 2")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> TckLiteralParser.parse("<(:A)-[:T]-(:B)>")).hasMessageContaining("direction");
    }

    @Test
    void comparesAsTheTckDoes() {
        assertThat(canon("1")).isNotEqualTo(canon("1.0"));
        assertThat(canon("NaN")).isEqualTo(CanonicalForm.of(Double.NaN, false));
        assertThat(canon("{a: 1, b: 2}")).isEqualTo(canon("{b: 2, a: 1}"));
        assertThat(canon("(:B:A {x: 1})")).isEqualTo(canon("(:A:B {x: 1})"));
        assertThat(canon("(:A {x: 1})")).isNotEqualTo(canon("(:A {x: 1.0})"));
        assertThat(canon("'1'")).isNotEqualTo(canon("1"));
        assertThat(canon("[1, 2]")).isNotEqualTo(canon("[2, 1]"));
        assertThat(CanonicalForm.of(TckLiteralParser.parse("[1, [3, 2]]"), true))
                .isEqualTo(CanonicalForm.of(TckLiteralParser.parse("[[2, 3], 1]"), true));
        assertThat(canon("<(:A)-[:T]->(:B)>")).isNotEqualTo(canon("<(:A)<-[:T]-(:B)>"));
        // A value the TCK cannot write never equals an expected literal.
        assertThat(CanonicalForm.of(new Object(), false)).doesNotContain("'");
    }

    @Test
    void sideEffectsAreSetDifferencesOfTheCommittedGraph() {
        Storage storage = new Storage();
        Transaction tx = storage.begin();
        long a = tx.createVertex();
        tx.addLabel(a, "A");
        tx.setVertexProperty(a, "name", "x");
        long b = tx.createVertex();
        tx.addLabel(b, "A");
        assertThat(storage.commit(tx).committed()).isTrue();
        GraphState before = GraphState.of(storage);

        tx = storage.begin();
        tx.setVertexProperty(a, "name", "y");
        tx.deleteVertex(b);
        long c = tx.createVertex();
        tx.addLabel(c, "B");
        tx.createEdge(a, c, "T");
        assertThat(storage.commit(tx).committed()).isTrue();

        Map<String, Long> fx = before.sideEffectsTo(GraphState.of(storage));
        assertThat(fx).containsEntry("+nodes", 1L).containsEntry("-nodes", 1L)
                .containsEntry("+relationships", 1L).containsEntry("-relationships", 0L)
                .containsEntry("+labels", 1L).containsEntry("-labels", 0L) // A is still used by node a
                .containsEntry("+properties", 1L).containsEntry("-properties", 1L);
    }

    @Test
    void failureReasonsGroupByTheirShape() {
        assertThat(TckReport.reason("Variable 'x' not defined (line 3, column 7)\n  query: MATCH ..."))
                .isEqualTo(TckReport.reason("Variable `y` not defined (line 1, column 12)"))
                .isEqualTo("Variable '…' not defined (line N, column N)");
        assertThat(TckReport.reason("Engine crashed with NullPointerException: null at Expands.next(Expands.java:12)"))
                .isEqualTo("Engine crashed with NullPointerException: null at Expands.next(Expands.java)");
    }
}
