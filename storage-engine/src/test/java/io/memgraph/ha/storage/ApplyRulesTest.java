package io.memgraph.ha.storage;

import static io.memgraph.ha.storage.TransactionTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What apply decides and installs (issue 12): the order of log indexes, ids a write set may use,
 * unique constraints against the vertices the write set itself changes, and the counts the
 * planner reads.
 */
class ApplyRulesTest {
  private static ApplyResult run(Storage s, Consumer<Transaction> body) {
    Transaction tx = s.begin();
    body.accept(tx);
    return s.commit(tx);
  }

  private static long newPerson(Transaction tx, String name) {
    long id = tx.createVertex();
    tx.addLabel(id, "Person");
    tx.setVertexProperty(id, "name", name);
    return id;
  }

  private static long person(Storage s, String name) {
    long[] id = new long[1];
    assertThat(run(s, tx -> id[0] = newPerson(tx, name)).committed()).isTrue();
    return id[0];
  }

  /** A storage with a unique constraint on :Person(name), then :Person ann and bob. */
  private record AnnAndBob(Storage s, long ann, long bob) {}

  private static AnnAndBob annAndBob() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(UNIQUE_NAME));
    return new AnnAndBob(s, person(s, "ann"), person(s, "bob"));
  }

  private static String duplicate(long a, long b, String name) {
    return "vertices " + a + " and " + b + " both have label :Person and [name] = [" + name + "] (unique constraint)";
  }

  private static WriteSet ops(long snapshot, Op... ops) {
    return WriteSet.encode(snapshot, List.of(ops));
  }

  private static Op createVertex(long id) {
    return new Op(Op.CREATE_VERTEX, id, 0, 0, null, null, null);
  }

  private static Op createEdge(long id, long from, long to) {
    return new Op(Op.CREATE_EDGE, id, from, to, "T", null, null);
  }

  private static final SchemaItem.UniqueConstraint UNIQUE_NAME =
      new SchemaItem.UniqueConstraint("Person", List.of("name"));

  // ---- log order ----

  @Test
  void aWriteSetMustBeTakenAtASnapshotBeforeItsApplyIndex() {
    Storage s = new Storage();
    ApplyResult same = s.apply(5, ops(5, createVertex(0)));
    assertThat(same.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(same.message()).isEqualTo("write set snapshot index 5 is not before its apply index 5");
    assertThat(s.lastAppliedIndex()).as("the index is consumed all the same").isEqualTo(5);
    assertThat(s.begin().vertexExists(0)).isFalse();
    assertThat(s.apply(6, ops(5, createVertex(0))).committed()).isTrue();
    assertThat(s.begin().vertexExists(0)).isTrue();
  }

  @Test
  void applyAndRejectRefuseAnIndexThatIsNotAfterTheLastApplied() {
    Storage s = new Storage();
    assertThat(s.apply(3, ops(0, createVertex(0))).committed()).isTrue();
    assertThatThrownBy(() -> s.apply(3, ops(0, createVertex(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apply index 3 is not after the last applied index 3");
    assertThatThrownBy(() -> s.apply(3, new byte[] {9})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apply index 3 is not after the last applied index 3");
    assertThatThrownBy(() -> s.apply(2, new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.apply(4, new byte[] {9}).reason()).isEqualTo(RejectReason.INVALID);
    assertThat(s.lastAppliedIndex()).isEqualTo(4);
  }

  // ---- ids ----

  @Test
  void aWriteSetCannotCreateAnObjectAtAnIdOutOfRangeOrInUse() {
    Storage s = new Storage();
    assertThat(s.apply(1, ops(0, createVertex(0), createVertex(1), createEdge(0, 0, 1))).committed()).isTrue();
    ApplyResult vertexTooBig = s.apply(2, ops(1, createVertex(Overlay.MAX_ID)));
    assertThat(vertexTooBig.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(vertexTooBig.message()).isEqualTo("vertex id " + Overlay.MAX_ID + " is out of range");
    ApplyResult edgeTooBig = s.apply(3, ops(1, createEdge(Overlay.MAX_ID, 0, 1)));
    assertThat(edgeTooBig.message()).isEqualTo("edge id " + Overlay.MAX_ID + " is out of range");
    assertThat(s.apply(4, ops(1, createVertex(1))).message()).isEqualTo("vertex id 1 is already in use");
    assertThat(s.apply(5, ops(1, createEdge(0, 1, 0))).message()).isEqualTo("edge id 0 is already in use");
    // ... also when the write set itself used it first.
    assertThat(s.apply(6, ops(1, createVertex(7), createVertex(7))).message())
        .isEqualTo("vertex id 7 is already in use");
    assertThat(s.apply(7, ops(1, createEdge(5, 0, 1), createEdge(5, 1, 0))).message())
        .isEqualTo("edge id 5 is already in use");
    assertThat(EdgeConflictTest.dump(s)).containsExactly("v0 [] {} out=[EdgeRef[id=0, from=0, to=1, type=T]] in=[]",
        "v1 [] {} out=[] in=[EdgeRef[id=0, from=0, to=1, type=T]]", "EdgeRef[id=0, from=0, to=1, type=T] {}");
    // The highest id an accepted write set used moves the allocators past it.
    assertThat(s.apply(8, ops(1, createVertex(40), createEdge(30, 40, 0))).committed()).isTrue();
    assertThat(s.nextVertexId()).isEqualTo(41);
    Transaction tx = s.begin();
    assertThat(tx.createEdge(0, 1, "T")).isEqualTo(31);
  }

  // ---- unique constraints against the write set's own changes ----

  @Test
  void aValueFreedByDeletingItsOwnerInTheSameWriteSetMayBeTaken() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(UNIQUE_NAME));
    long ann = person(s, "ann");
    long[] fresh = new long[1];
    assertThat(run(s, tx -> {
      tx.deleteVertex(ann);
      fresh[0] = newPerson(tx, "ann");
    }).committed()).isTrue();
    // The constraint now knows the new owner.
    ApplyResult again = run(s, tx -> newPerson(tx, "ann"));
    assertThat(again.message()).isEqualTo(duplicate(fresh[0], fresh[0] + 1, "ann"));
  }

  @Test
  void aValueFreedByRemovingTheOwnersLabelInTheSameWriteSetMayBeTaken() {
    AnnAndBob g = annAndBob();
    assertThat(run(g.s(), tx -> {
      tx.removeLabel(g.ann(), "Person");
      tx.setVertexProperty(g.bob(), "name", "ann");
    }).committed()).isTrue();
    assertThat(run(g.s(), tx -> tx.addLabel(g.ann(), "Person")).message()).isEqualTo(duplicate(g.bob(), g.ann(), "ann"));
  }

  @Test
  void anOwnerReadByTheSameWriteSetStillHoldsItsValue() {
    AnnAndBob g = annAndBob();
    ApplyResult r = run(g.s(), tx -> {
      tx.createEdge(g.ann(), g.bob(), "KNOWS"); // reads ann into the write set without changing her
      tx.setVertexProperty(g.bob(), "name", "ann");
    });
    assertThat(r.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(r.message()).isEqualTo(duplicate(g.ann(), g.bob(), "ann"));
  }

  @Test
  void twoVerticesOfOneWriteSetCannotShareAValue() {
    AnnAndBob g = annAndBob();
    ApplyResult r = run(g.s(), tx -> {
      tx.setVertexProperty(g.ann(), "name", "cid");
      tx.setVertexProperty(g.bob(), "name", "cid");
    });
    assertThat(r.message()).isEqualTo(duplicate(g.ann(), g.bob(), "cid"));
    // The same value on the same vertex, written twice, is no duplicate.
    assertThat(run(g.s(), tx -> {
      tx.setVertexProperty(g.ann(), "name", "cid");
      tx.setVertexProperty(g.ann(), "name", "cid");
      tx.setVertexProperty(g.bob(), "name", "bob");
    }).committed()).isTrue();
  }

  @Test
  void aNewUniqueConstraintIgnoresDeletedVerticesStillKeptForOldReaders() {
    Storage s = new Storage();
    long ann = person(s, "ann");
    long twin = person(s, "ann");
    Transaction reader = s.begin(); // keeps the deleted twin's record from being collected
    assertThat(run(s, tx -> tx.deleteVertex(twin)).committed()).isTrue();
    assertThat(s.graph().vertices.get(twin)).isNotNull();
    assertThat(run(s, tx -> tx.createSchema(UNIQUE_NAME)).committed()).isTrue();
    // ann owns the value, not the deleted twin: once she gives it up, it is free.
    assertThat(run(s, tx -> tx.setVertexProperty(ann, "name", "ada")).committed()).isTrue();
    assertThat(person(s, "ann")).isGreaterThan(twin);
    reader.close();
  }

  @Test
  void aNewUniqueConstraintChecksAVertexChangedInTheSameWriteSetOnce() {
    Storage s = new Storage();
    long ann = person(s, "ann");
    long bob = person(s, "bob");
    assertThat(run(s, tx -> {
      tx.setVertexProperty(ann, "age", 30L); // changed, still "ann"
      tx.setVertexProperty(bob, "name", "ann2");
      tx.createSchema(UNIQUE_NAME);
    }).committed()).isTrue();
    assertThat(run(s, tx -> tx.setVertexProperty(bob, "name", "ann")).reason())
        .isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
  }

  @Test
  void aNewConstraintChecksTheWriteSetsOwnVersionsOfTheVertices() {
    Storage s = new Storage();
    long ann = person(s, "ann");
    long bob = person(s, "bob");
    ApplyResult unique = run(s, tx -> {
      tx.setVertexProperty(bob, "name", "ann");
      tx.createSchema(UNIQUE_NAME);
    });
    // The write set's vertices are visited before the stored ones, so bob is named first.
    assertThat(unique.message()).isEqualTo(duplicate(bob, ann, "ann"));
    ApplyResult existence = run(s, tx -> {
      tx.setVertexProperty(bob, "name", null);
      tx.createSchema(new SchemaItem.ExistenceConstraint("Person", "name"));
    });
    assertThat(existence.message())
        .isEqualTo("vertex " + bob + " with label :Person must have property name (existence constraint)");
    assertThat(s.schema()).isEmpty();
  }

  // ---- existence constraints against the write set's own changes ----

  @Test
  void anExistenceConstraintOnlyConcernsLiveVerticesWithTheLabel() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(new SchemaItem.ExistenceConstraint("Person", "name")));
    long ann = person(s, "ann");
    assertThat(run(s, tx -> {
      long other = tx.createVertex();
      tx.addLabel(other, "Robot"); // no name needed
      tx.setVertexProperty(ann, "name", null);
      tx.deleteVertex(ann); // deleted in the same write set: nothing to check
    }).committed()).isTrue();
    ApplyResult r = run(s, tx -> {
      long v = tx.createVertex();
      tx.addLabel(v, "Person");
      tx.setVertexProperty(v, "age", 1L);
    });
    assertThat(r.message()).isEqualTo("vertex 2 with label :Person must have property name (existence constraint)");
  }

  // ---- counts ----

  @Test
  void labelAndIndexCountsFollowEveryChange() {
    Storage s = new Storage();
    SchemaItem byName = new SchemaItem.LabelPropertyIndex("Person", "name");
    SchemaItem byLabel = new SchemaItem.LabelIndex("Person");
    run(s, tx -> {
      tx.createSchema(byName);
      tx.createSchema(byLabel);
    });
    long ann = person(s, "ann");
    long bob = person(s, "bob");
    long cid = person(s, "cid");
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(byName, 3L, byLabel, 3L));
    run(s, tx -> tx.setVertexProperty(ann, "name", "ann2")); // a new value: still one entry
    run(s, tx -> tx.setVertexProperty(bob, "name", null));
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(byName, 2L, byLabel, 3L));
    run(s, tx -> tx.removeLabel(cid, "Person"));
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(byName, 1L, byLabel, 2L));
    assertThat(s.stats().labelCounts()).isEqualTo(Map.of("Person", 2L));
    run(s, tx -> {
      tx.addLabel(cid, "Person");
      tx.setVertexProperty(bob, "name", "bob");
    });
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(byName, 3L, byLabel, 3L));
    run(s, tx -> tx.deleteVertex(ann));
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(byName, 2L, byLabel, 2L));
    assertThat(s.stats().labelCounts()).isEqualTo(Map.of("Person", 2L));
    assertThat(s.stats().vertexCount()).isEqualTo(2);
    assertThat(ids(s.begin().verticesWithProperty("Person", "name", "bob"))).containsExactly(bob);
  }

  @Test
  void compositeAndEdgeIndexCountsFollowEveryChange() {
    Storage s = new Storage();
    SchemaItem city = new SchemaItem.CompositeIndex("City", List.of("country", "zip"));
    SchemaItem paid = new SchemaItem.EdgePropertyIndex("PAID", List.of("ref"));
    run(s, tx -> {
      tx.createSchema(city);
      tx.createSchema(paid);
    });
    long[] ids = new long[3];
    run(s, tx -> {
      ids[0] = tx.createVertex();
      tx.addLabel(ids[0], "City");
      tx.setVertexProperty(ids[0], "country", "se");
      tx.setVertexProperty(ids[0], "zip", 1L);
      ids[1] = tx.createEdge(ids[0], ids[0], "PAID");
      tx.setEdgeProperty(ids[1], "ref", "r1");
      ids[2] = tx.createEdge(ids[0], ids[0], "PAID");
      tx.setEdgeProperty(ids[2], "ref", "r2");
    });
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(city, 1L, paid, 2L));
    run(s, tx -> {
      tx.setVertexProperty(ids[0], "zip", null);
      tx.deleteEdge(ids[1]);
    });
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(city, 0L, paid, 1L));
    run(s, tx -> tx.setVertexProperty(ids[0], "zip", 2L));
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(city, 1L, paid, 1L));
  }
}
