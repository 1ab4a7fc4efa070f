package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write-write conflicts on vertices, with fixed inputs (issue 12): a write to a vertex's labels or
 * properties, or its deletion, conflicts with any other write to the same vertex committed after the
 * writer's snapshot (first committer wins); creating or deleting an edge only reads its endpoints, so
 * it does not conflict with writes to them.
 */
class VertexConflictTest {
  /** a {name: "a"} :A, b, and a -[e:KNOWS]-> b. */
  private record Fixture(long a, long b, long e) {}

  private static Fixture setUp(Storage s) {
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    tx.addLabel(a, "A");
    tx.setVertexProperty(a, "name", "a");
    long e = tx.createEdge(a, b, "KNOWS");
    assertThat(s.commit(tx).committed()).isTrue();
    return new Fixture(a, b, e);
  }

  static Stream<Arguments> conflicting() {
    BiConsumer<Transaction, Fixture> addB = (tx, g) -> tx.addLabel(g.b(), "B");
    BiConsumer<Transaction, Fixture> addC = (tx, g) -> tx.addLabel(g.b(), "C");
    BiConsumer<Transaction, Fixture> removeA = (tx, g) -> tx.removeLabel(g.a(), "A");
    BiConsumer<Transaction, Fixture> addLabelToA = (tx, g) -> tx.addLabel(g.a(), "Z");
    BiConsumer<Transaction, Fixture> setName = (tx, g) -> tx.setVertexProperty(g.a(), "name", "x");
    BiConsumer<Transaction, Fixture> setOther = (tx, g) -> tx.setVertexProperty(g.b(), "n", 1L);
    BiConsumer<Transaction, Fixture> setOtherOnB = (tx, g) -> tx.setVertexProperty(g.b(), "m", 2L);
    BiConsumer<Transaction, Fixture> detachDeleteA = (tx, g) -> tx.detachDeleteVertex(g.a());
    BiConsumer<Transaction, Fixture> detachDeleteB = (tx, g) -> tx.detachDeleteVertex(g.b());
    BiConsumer<Transaction, Fixture> newEdgeAB = (tx, g) -> tx.createEdge(g.a(), g.b(), "LIKES");
    return Stream.of(
        // Conflicts are per vertex, not per label or key.
        Arguments.of("both add different labels", addB, addC, "b"),
        Arguments.of("first removes a label, second adds one", removeA, addLabelToA, "a"),
        Arguments.of("first adds a label, second sets a property", addLabelToA, setName, "a"),
        Arguments.of("both set different properties", setOther, setOtherOnB, "b"),
        Arguments.of("first sets a property, second detach-deletes", setName, detachDeleteA, "a"),
        Arguments.of("first detach-deletes, second adds a label", detachDeleteB, addB, "b"),
        Arguments.of("first detach-deletes, second removes a label", detachDeleteA, removeA, "a"),
        // A new edge changes its end vertex's adjacency, and with it the vertex's stamp.
        Arguments.of("first creates an edge to b, second labels b", newEdgeAB, addB, "b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conflicting")
  void secondWriterOfAVertexConflictsAndTheFirstWins(String name, BiConsumer<Transaction, Fixture> first,
      BiConsumer<Transaction, Fixture> second, String vertex) {
    Storage s = new Storage();
    Fixture g = setUp(s);
    ApplyResult r = EdgeConflictTest.race(s, g, first, second);
    assertThat(r.reason()).as("second commit: %s", r).isEqualTo(RejectReason.CONFLICT);
    assertThat(r.retryable()).isTrue();
    long id = vertex.equals("a") ? g.a() : g.b();
    assertThat(r.message()).startsWith("vertex " + id + " was ");
    assertThat(EdgeConflictTest.dump(s)).isEqualTo(EdgeConflictTest.serially(VertexConflictTest::setUp, List.of(first)));
  }

  static Stream<Arguments> independent() {
    BiConsumer<Transaction, Fixture> setName = (tx, g) -> tx.setVertexProperty(g.a(), "name", "x");
    BiConsumer<Transaction, Fixture> addLabelToB = (tx, g) -> tx.addLabel(g.b(), "B");
    BiConsumer<Transaction, Fixture> newEdgeAB = (tx, g) -> tx.createEdge(g.a(), g.b(), "LIKES");
    BiConsumer<Transaction, Fixture> deleteEdge = (tx, g) -> tx.deleteEdge(g.e());
    BiConsumer<Transaction, Fixture> edgeProperty = (tx, g) -> tx.setEdgeProperty(g.e(), "w", 1L);
    return Stream.of(
        Arguments.of("first sets a property of the start vertex, second creates an edge from it", setName,
            newEdgeAB),
        Arguments.of("first labels the end vertex, second deletes an edge to it", addLabelToB, deleteEdge),
        Arguments.of("first sets a property of the start vertex, second one of the edge", setName,
            edgeProperty));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("independent")
  void writesThatOnlyReadTheOthersVertexBothCommit(String name, BiConsumer<Transaction, Fixture> first,
      BiConsumer<Transaction, Fixture> second) {
    Storage s = new Storage();
    Fixture g = setUp(s);
    ApplyResult r = EdgeConflictTest.race(s, g, first, second);
    assertThat(r.committed()).as("second commit: %s", r).isTrue();
    // The same as running them one after the other.
    assertThat(EdgeConflictTest.dump(s))
        .isEqualTo(EdgeConflictTest.serially(VertexConflictTest::setUp, List.of(first, second)));
  }

  @Test
  void aWriterWhoseSnapshotIsTheVertexsLastChangeDoesNotConflict() {
    // The vertex's stamp equals the snapshot index: that change is visible, so nothing was lost.
    Storage s = new Storage();
    Fixture g = setUp(s);
    Transaction t1 = s.begin();
    t1.addLabel(g.a(), "B");
    assertThat(s.commit(t1).committed()).isTrue();
    Transaction t2 = s.begin();
    assertThat(t2.snapshotIndex()).isEqualTo(s.graph().vertices.get(g.a()).stamp());
    t2.setVertexProperty(g.a(), "name", "y");
    t2.removeLabel(g.a(), "B");
    assertThat(s.commit(t2).committed()).isTrue();
    Transaction r = s.begin();
    assertThat(r.labels(g.a())).containsExactly("A");
    assertThat(r.vertexProperty(g.a(), "name")).isEqualTo("y");
  }

  @Test
  void deletingAVertexThatGainedAnEdgeAfterTheSnapshotConflicts() {
    // The deleter saw no edges; deleting anyway would leave the new edge dangling. The new edge
    // changed the vertex's adjacency, so the deletion meets the newer stamp.
    Storage s = new Storage();
    Fixture g = setUp(s);
    Transaction lonely = s.begin();
    long c = lonely.createVertex();
    assertThat(s.commit(lonely).committed()).isTrue();
    long snapshot = s.lastAppliedIndex();
    ApplyResult r = EdgeConflictTest.race(s, c, (tx, v) -> tx.createEdge(g.b(), v, "KNOWS"),
        (tx, v) -> tx.deleteVertex(v));
    assertThat(r.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(r.message()).isEqualTo("vertex " + c + " was changed at index " + (snapshot + 1)
        + ", after this transaction's snapshot " + snapshot);
    Transaction now = s.begin();
    assertThat(now.vertexExists(c)).isTrue();
    assertThat(now.inEdges(c)).extracting(EdgeRef::from).containsExactly(g.b());
  }

  @Test
  void writingAVertexDeletedAfterTheSnapshotNamesTheDeletion() {
    Storage s = new Storage();
    Fixture g = setUp(s);
    long snapshot = s.lastAppliedIndex();
    ApplyResult r = EdgeConflictTest.race(s, g, (tx, f) -> tx.detachDeleteVertex(f.b()),
        (tx, f) -> tx.setVertexProperty(f.b(), "n", 1L));
    assertThat(r.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(r.message())
        .isEqualTo("vertex " + g.b() + " was deleted by a transaction committed after snapshot " + snapshot);
  }
}
