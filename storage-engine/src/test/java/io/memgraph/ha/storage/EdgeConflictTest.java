package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write-write conflicts on edges, with fixed inputs (issue 12): two transactions start from the same
 * snapshot and modify the same edge; the first to commit wins, the second is rejected with a
 * retryable CONFLICT, and the committed graph is exactly what the first alone would have made.
 */
class EdgeConflictTest {
  /** a -[e:KNOWS {w: 0}]-> b -[f:KNOWS]-> c; f is never touched and must survive every case. */
  private record Fixture(long a, long b, long c, long e, long f) {}

  private static Fixture setUp(Storage s) {
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    long c = tx.createVertex();
    long e = tx.createEdge(a, b, "KNOWS");
    tx.setEdgeProperty(e, "w", 0L);
    long f = tx.createEdge(b, c, "KNOWS");
    assertThat(s.commit(tx).committed()).isTrue();
    return new Fixture(a, b, c, e, f);
  }

  static Stream<Arguments> cases() {
    BiConsumer<Transaction, Fixture> setW1 = (tx, g) -> tx.setEdgeProperty(g.e(), "w", 1L);
    BiConsumer<Transaction, Fixture> setW2 = (tx, g) -> tx.setEdgeProperty(g.e(), "w", 2L);
    BiConsumer<Transaction, Fixture> setOtherKey = (tx, g) -> tx.setEdgeProperty(g.e(), "z", "x");
    BiConsumer<Transaction, Fixture> delete = (tx, g) -> tx.deleteEdge(g.e());
    BiConsumer<Transaction, Fixture> detachDeleteFrom = (tx, g) -> tx.detachDeleteVertex(g.a());
    return Stream.of(
        Arguments.of("both set the same property", setW1, setW2),
        // Conflicts are per edge, not per key: the second may have read "w" to compute "z".
        Arguments.of("both set different properties", setW1, setOtherKey),
        Arguments.of("first deletes, second sets a property", delete, setW2),
        Arguments.of("first sets a property, second deletes", setW1, delete),
        Arguments.of("both delete", delete, delete),
        Arguments.of("first detach-deletes the start vertex, second sets a property",
            detachDeleteFrom, setW2),
        Arguments.of("first sets a property, second detach-deletes the start vertex",
            setW1, detachDeleteFrom));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void secondWriterOfAnEdgeConflictsAndTheFirstWins(String name,
      BiConsumer<Transaction, Fixture> first, BiConsumer<Transaction, Fixture> second) {
    Storage s = new Storage();
    Fixture g = setUp(s);
    ApplyResult r = race(s, g, first, second);
    assertThat(r.committed()).as("second commit: %s", r).isFalse();
    assertThat(r.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(r.retryable()).isTrue();
    assertThat(r.message()).startsWith("edge " + g.e() + " was ");

    // The same setup and the first transaction alone, in a fresh storage (ids are deterministic).
    assertThat(dump(s)).isEqualTo(serially(EdgeConflictTest::setUp, List.of(first)));
  }

  /**
   * Begins two transactions at one snapshot, runs each body, commits the first (it must commit)
   * and returns the result of committing the second.
   */
  static <F> ApplyResult race(Storage s, F fixture, BiConsumer<Transaction, F> first,
      BiConsumer<Transaction, F> second) {
    Transaction t1 = s.begin();
    Transaction t2 = s.begin();
    first.accept(t1, fixture);
    second.accept(t2, fixture);
    assertThat(s.commit(t1).committed()).isTrue();
    return s.commit(t2);
  }

  /** The {@link #dump} of a fresh storage after the setup and each step committed alone, in order. */
  static <F> List<String> serially(Function<Storage, F> setUp, List<BiConsumer<Transaction, F>> steps) {
    Storage s = new Storage();
    F fixture = setUp.apply(s);
    for (BiConsumer<Transaction, F> step : steps) {
      Transaction tx = s.begin();
      step.accept(tx, fixture);
      assertThat(s.commit(tx).committed()).isTrue();
    }
    return dump(s);
  }

  /** Every vertex, edge, property and adjacency list visible to a new transaction. */
  static List<String> dump(Storage s) {
    Transaction tx = s.begin();
    List<String> out = new ArrayList<>();
    tx.vertices().forEachRemaining((long v) -> out.add("v" + v + " " + tx.labels(v) + " "
        + tx.vertexProperties(v) + " out=" + tx.outEdges(v) + " in=" + tx.inEdges(v)));
    tx.edgeIds().forEachRemaining((long e) -> out.add(tx.edge(e) + " " + tx.edgeProperties(e)));
    tx.close();
    return out;
  }
}
