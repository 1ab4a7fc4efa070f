package io.memgraph.ha.storage;

import static io.memgraph.ha.storage.TransactionTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transaction reads the graph as of its snapshot with its own uncommitted writes laid over it
 * (issue 12): new and deleted edges by type, objects it deleted, names nobody has used yet.
 */
class OwnWritesTest {
  /** a -[e1:T1]-> b, a -[e2:T2]-> b, committed. */
  private record Fixture(Storage s, long a, long b, long e1, long e2) {}

  private static Fixture setUp() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    long e1 = tx.createEdge(a, b, "T1");
    long e2 = tx.createEdge(a, b, "T2");
    tx.setEdgeProperty(e1, "w", 1L);
    assertThat(s.commit(tx).committed()).isTrue();
    return new Fixture(s, a, b, e1, e2);
  }

  @Test
  void degreeCountsWhatTheEdgeListsList() {
    Fixture g = setUp();
    Transaction tx = g.s().begin();
    long c = tx.createVertex();
    tx.createEdge(g.a(), g.b(), "T1");
    tx.createEdge(c, c, "SELF");
    tx.deleteEdge(g.e2());
    Transaction other = g.s().begin();
    for (long v : new long[] {g.a(), g.b(), c}) {
      assertThat(tx.degree(v, true)).as("out of %d", v).isEqualTo(tx.outEdges(v).size());
      assertThat(tx.degree(v, false)).as("in of %d", v).isEqualTo(tx.inEdges(v).size());
    }
    assertThat(tx.degree(g.a(), true)).isEqualTo(2);
    assertThat(tx.degree(c, true)).isEqualTo(1);
    assertThat(tx.degree(c, false)).isEqualTo(1);
    // another transaction sees the committed edges only
    assertThat(other.degree(g.a(), true)).isEqualTo(2);
    assertThat(other.degree(g.b(), false)).isEqualTo(2);
    assertThatThrownBy(() -> other.degree(c, true)).isInstanceOf(StorageException.class);
  }

  @Test
  void propertySizeIsTheEncodedValue() {
    Fixture g = setUp();
    Transaction tx = g.s().begin();
    tx.setVertexProperty(g.a(), "s", "abc");
    assertThat(tx.vertexPropertySize(g.a(), "s")).isEqualTo(5); // type, length, three bytes
    assertThat(tx.vertexPropertySize(g.a(), "none")).isZero();
    assertThat(tx.edgePropertySize(g.e1(), "w")).isEqualTo(2);
    assertThat(g.s().begin().vertexPropertySize(g.a(), "s")).isZero();
  }

  @Test
  void edgesByTypeMergeStoredAndNewEdgesAndLeaveOutDeletedOnes() {
    Fixture g = setUp();
    Transaction tx = g.s().begin();
    long c = tx.createVertex();
    long e3 = tx.createEdge(g.a(), g.b(), "T1");
    long e4 = tx.createEdge(g.a(), c, "T3");
    tx.deleteEdge(g.e2());
    EdgeRef r1 = new EdgeRef(g.e1(), g.a(), g.b(), "T1");
    EdgeRef r3 = new EdgeRef(e3, g.a(), g.b(), "T1");
    EdgeRef r4 = new EdgeRef(e4, g.a(), c, "T3");
    assertThat(tx.outEdges(g.a())).containsExactly(r1, r3, r4);
    assertThat(tx.outEdges(g.a(), "T1")).containsExactly(r1, r3);
    assertThat(tx.outEdges(g.a(), "T2")).isEmpty();
    assertThat(tx.outEdges(g.a(), "T3")).containsExactly(r4);
    assertThat(tx.outEdges(g.a(), "NEVER_USED")).isEmpty();
    assertThat(tx.inEdges(g.b())).containsExactly(r1, r3);
    assertThat(tx.inEdges(c, "T1")).isEmpty();
    assertThat(tx.inEdges(c, "T3")).containsExactly(r4);
    assertThat(tx.edge(e3)).isEqualTo(r3);
    assertThat(tx.edge(g.e2())).isNull();
    assertThat(ids(tx.edgeIds())).containsExactly(g.e1(), e3, e4);
    // Another transaction sees only the stored edges, by type too.
    Transaction other = g.s().begin();
    assertThat(other.outEdges(g.a(), "T1")).containsExactly(r1); // T1 is name id 0
    assertThat(other.outEdges(g.a(), "T2")).containsExactly(new EdgeRef(g.e2(), g.a(), g.b(), "T2"));
    assertThat(other.outEdges(g.a(), "T3")).isEmpty();
    assertThat(other.edge(e3)).isNull();
  }

  @Test
  void namesNobodyUsedYetReadAsAbsent() {
    Fixture g = setUp();
    Transaction tx = g.s().begin();
    assertThat(tx.hasLabel(g.a(), "Unknown")).isFalse();
    assertThat(tx.vertexProperty(g.a(), "unknown")).isNull();
    assertThat(tx.edgeProperty(g.e1(), "unknown")).isNull();
    assertThat(tx.edgeProperty(g.e1(), "w")).isEqualTo(1L);
    // The same once the transaction itself uses the name elsewhere.
    long c = tx.createVertex();
    tx.addLabel(c, "Unknown");
    tx.setVertexProperty(c, "unknown", 1L);
    assertThat(tx.hasLabel(g.a(), "Unknown")).isFalse();
    assertThat(tx.hasLabel(c, "Unknown")).isTrue();
    assertThat(tx.vertexProperty(g.a(), "unknown")).isNull();
  }

  @Test
  void objectsTheTransactionDeletedCannotBeReadOrWritten() {
    Fixture g = setUp();
    Transaction tx = g.s().begin();
    tx.deleteEdge(g.e1());
    tx.detachDeleteVertex(g.b());
    assertThat(tx.vertexExists(g.b())).isFalse();
    assertThatThrownBy(() -> tx.edgeProperty(g.e1(), "w")).isInstanceOf(StorageException.class)
        .hasMessage("edge " + g.e1() + " does not exist");
    assertThatThrownBy(() -> tx.edgeProperties(g.e1())).isInstanceOf(StorageException.class)
        .hasMessage("edge " + g.e1() + " does not exist");
    assertThatThrownBy(() -> tx.setEdgeProperty(g.e1(), "w", 2L)).isInstanceOf(StorageException.class)
        .hasMessage("edge " + g.e1() + " does not exist");
    assertThatThrownBy(() -> tx.labels(g.b())).isInstanceOf(StorageException.class)
        .hasMessage("vertex " + g.b() + " does not exist");
    assertThatThrownBy(() -> tx.addLabel(g.b(), "L")).isInstanceOf(StorageException.class)
        .hasMessage("vertex " + g.b() + " does not exist");
    assertThatThrownBy(() -> tx.createEdge(g.a(), g.b(), "T1")).isInstanceOf(StorageException.class)
        .hasMessage("vertex " + g.b() + " does not exist");
    assertThat(tx.outEdges(g.a())).isEmpty();
    // A transaction that began later does not find them at all.
    assertThat(g.s().commit(tx).committed()).isTrue();
    Transaction later = g.s().begin();
    assertThatThrownBy(() -> later.deleteEdge(g.e1())).isInstanceOf(StorageException.class)
        .hasMessage("edge " + g.e1() + " does not exist");
    assertThatThrownBy(() -> later.edgeProperties(g.e1())).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> later.deleteVertex(g.b())).isInstanceOf(StorageException.class)
        .hasMessage("vertex " + g.b() + " does not exist");
  }

  @Test
  void newEdgePropertiesReadInTheOrderTheirKeysWereFirstUsed() {
    Fixture g = setUp();
    Transaction tx = g.s().begin();
    long e = tx.createEdge(g.a(), g.b(), "T1");
    tx.setEdgeProperty(e, "zeta", 1L);
    tx.setEdgeProperty(e, "w", 2L); // "w" is an existing name: it sorts first
    tx.setEdgeProperty(e, "alpha", 3L);
    assertThat(List.copyOf(tx.edgeProperties(e).keySet())).containsExactly("w", "zeta", "alpha");
    tx.setEdgeProperty(g.e1(), "alpha", 4L);
    assertThat(tx.edgeProperties(g.e1())).isEqualTo(Map.of("w", 1L, "alpha", 4L));
    tx.setEdgeProperty(g.e1(), "w", null);
    assertThat(tx.edgeProperties(g.e1())).isEqualTo(Map.of("alpha", 4L));
    assertThat(g.s().commit(tx).committed()).isTrue();
    Transaction r = g.s().begin();
    assertThat(List.copyOf(r.edgeProperties(e).keySet())).containsExactly("w", "zeta", "alpha");
    assertThat(r.edgeProperties(g.e1())).isEqualTo(Map.of("alpha", 4L));
  }

  @Test
  void aLabelScanThroughTheIndexMergesStoredAndNewVerticesInIdOrder() {
    Fixture g = setUp();
    Transaction schema = g.s().begin();
    schema.createSchema(new SchemaItem.LabelIndex("L"));
    schema.addLabel(g.b(), "L");
    assertThat(g.s().commit(schema).committed()).isTrue();
    Transaction tx = g.s().begin();
    long c = tx.createVertex();
    long d = tx.createVertex();
    tx.addLabel(d, "L");
    tx.addLabel(g.a(), "L");
    assertThat(ids(tx.verticesWithLabel("L"))).containsExactly(g.a(), g.b(), d);
    // Drafts made after the first scan are found by the next one.
    tx.removeLabel(g.b(), "L");
    tx.addLabel(c, "L");
    long e = tx.createVertex();
    tx.addLabel(e, "L");
    assertThat(ids(tx.verticesWithLabel("L"))).containsExactly(g.a(), c, d, e);
    assertThat(ids(tx.vertices())).containsExactly(g.a(), g.b(), c, d, e);
  }

  @Test
  void theFirstNameEverUsedIsReadAndConstrainedLikeAnyOther() {
    // Name ids start at 0: "name" gets it here, as the first name the first transaction used.
    Storage s = new Storage();
    Transaction tx = s.begin();
    long v = tx.createVertex();
    tx.setVertexProperty(v, "name", "ann");
    tx.addLabel(v, "Person");
    long e = tx.createEdge(v, v, "SELF");
    tx.setEdgeProperty(e, "name", "loop");
    assertThat(s.commit(tx).committed()).isTrue();
    assertThat(s.graph().names.id("name")).isZero();
    Transaction r = s.begin();
    assertThat(r.edgeProperty(e, "name")).isEqualTo("loop");
    assertThat(r.vertexProperty(v, "name")).isEqualTo("ann");
    r.close();
    Transaction unique = s.begin();
    unique.createSchema(new SchemaItem.UniqueConstraint("Person", List.of("name")));
    assertThat(s.commit(unique).committed()).isTrue();
    Transaction twin = s.begin();
    long w = twin.createVertex();
    twin.addLabel(w, "Person");
    twin.setVertexProperty(w, "name", "ann");
    assertThat(s.commit(twin).reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
  }
}
