package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Old versions are freed once no open transaction can see them; memory stays bounded. */
class GarbageCollectionTest {
  private static int chainLength(VertexRecord r) {
    int n = 0;
    for (Delta d = r.chain; d != null; d = d.next) {
      n++;
    }
    return n;
  }

  @Test
  void sustainedUpdatesWithNoReaderKeepNoOldVersions() {
    Storage s = new Storage();
    Transaction init = s.begin();
    long v = init.createVertex();
    s.commit(init);
    for (int i = 0; i < 200_000; i++) {
      Transaction tx = s.begin();
      tx.setVertexProperty(v, "n", i);
      s.commit(tx);
    }
    VertexRecord r = s.graph().vertices.get(v);
    assertThat(chainLength(r)).isZero();
    assertThat(s.stats().pendingGarbage()).isZero();
    assertThat(s.begin().vertexProperty(v, "n")).isEqualTo(199_999L);
  }

  @Test
  void anOpenReaderPinsItsVersionsUntilItCloses() {
    Storage s = new Storage();
    Transaction init = s.begin();
    long v = init.createVertex();
    init.setVertexProperty(v, "n", -1);
    s.commit(init);
    Transaction reader = s.begin();
    for (int i = 0; i < 100; i++) {
      Transaction tx = s.begin();
      tx.setVertexProperty(v, "n", i);
      s.commit(tx);
    }
    VertexRecord r = s.graph().vertices.get(v);
    assertThat(chainLength(r)).isEqualTo(100);
    assertThat(reader.vertexProperty(v, "n")).isEqualTo(-1L);
    reader.close();
    s.collectGarbage();
    assertThat(chainLength(r)).isZero();
    assertThat(s.stats().openTransactions()).isZero();
  }

  @Test
  void deletedObjectsBecomeTombstonesAndTheirIdsAreNotReused() {
    Storage s = new Storage();
    Transaction init = s.begin();
    long a = init.createVertex();
    long b = init.createVertex();
    long e = init.createEdge(a, b, "T");
    s.commit(init);
    Transaction reader = s.begin();
    Transaction d = s.begin();
    d.detachDeleteVertex(a);
    s.commit(d);
    assertThat(s.graph().vertices.get(a)).isNotNull();
    assertThat(reader.outEdges(a)).hasSize(1);
    reader.close();
    s.collectGarbage();
    assertThat(s.graph().vertices.get(a)).isNull();
    assertThat(s.graph().vertices.isTombstone(a)).isTrue();
    assertThat(s.graph().edges.isTombstone(e)).isTrue();
    assertThat(s.graph().vertices.get(b).inCount).isZero();
    // A write set that reuses a collected id is rejected the same way on every node.
    assertThat(s.apply(s.lastAppliedIndex() + 1, WriteSet.encode(s.lastAppliedIndex(),
        java.util.List.of(new Op(Op.CREATE_VERTEX, a, 0, 0, null, null, null)))).reason())
        .isEqualTo(RejectReason.INVALID);
  }

  /** A label index on :L and one vertex with L. */
  private static long labelledWithIndex(Storage s) {
    Transaction init = s.begin();
    init.createSchema(new SchemaItem.LabelIndex("L"));
    long v = init.createVertex();
    init.addLabel(v, "L");
    s.commit(init);
    return v;
  }

  @Test
  void labelIndexBitsAreClearedWhenNoVersionNeedsThem() {
    Storage s = new Storage();
    long v = labelledWithIndex(s);
    LabelBitmap bitmap = s.graph().labelIndex("L");
    assertThat(bitmap.next(0)).isEqualTo(v);
    Transaction tx = s.begin();
    tx.removeLabel(v, "L");
    s.commit(tx);
    assertThat(bitmap.next(0)).isEqualTo(-1);
    assertThat(TransactionTest.ids(s.begin().verticesWithLabel("L"))).isEmpty();
  }

  @Test
  void aLabelIndexBitStaysWhileAnOldReaderOrTheNewestVersionNeedsIt() {
    Storage s = new Storage();
    long v = labelledWithIndex(s);
    LabelBitmap bitmap = s.graph().labelIndex("L");
    Transaction reader = s.begin();
    Transaction tx = s.begin();
    tx.removeLabel(v, "L");
    s.commit(tx);
    assertThat(bitmap.next(0)).as("the reader still sees v with L").isEqualTo(v);
    assertThat(TransactionTest.ids(reader.verticesWithLabel("L"))).containsExactly(v);
    Transaction back = s.begin();
    back.addLabel(v, "L");
    s.commit(back);
    reader.close();
    s.collectGarbage();
    // The removal's entry is collected, but the newest version has L again.
    assertThat(s.stats().pendingGarbage()).isZero();
    assertThat(bitmap.next(0)).isEqualTo(v);
    assertThat(TransactionTest.ids(s.begin().verticesWithLabel("L"))).containsExactly(v);
  }

  private record Loop(long v, long e) {}

  /** Indexes on :L(p) and :T(p), and a vertex :L {p: 1} with a loop :T {p: 1}. */
  private static Loop indexedLoop(Storage s) {
    Transaction init = s.begin();
    init.createSchema(new SchemaItem.LabelPropertyIndex("L", "p"));
    init.createSchema(new SchemaItem.EdgePropertyIndex("T", java.util.List.of("p")));
    long v = init.createVertex();
    init.addLabel(v, "L");
    init.setVertexProperty(v, "p", 1L);
    long e = init.createEdge(v, v, "T");
    init.setEdgeProperty(e, "p", 1L);
    s.commit(init);
    return new Loop(v, e);
  }

  /** Commits p = value on the loop's vertex and edge. */
  private static void setP(Storage s, Loop loop, long value) {
    Transaction tx = s.begin();
    tx.setVertexProperty(loop.v(), "p", value);
    tx.setEdgeProperty(loop.e(), "p", value);
    s.commit(tx);
  }

  /** Entries in the vertex index and in the edge index. */
  private static java.util.List<Integer> indexSizes(Storage s) {
    return java.util.List.of(s.graph().propertyIndex("L", "p").size(),
        s.graph().edgeIndex("T", java.util.List.of("p")).size());
  }

  @Test
  void aPropertyIndexEntryGoesAsSoonAsNoReaderCanSeeItsValue() {
    // With no reader open, the version before the newest commit is needed by nobody.
    Storage s = new Storage();
    Loop loop = indexedLoop(s);
    setP(s, loop, 2L);
    assertThat(s.stats().pendingGarbage()).isZero();
    assertThat(indexSizes(s)).containsExactly(1, 1);
    Transaction remove = s.begin();
    remove.setVertexProperty(loop.v(), "p", null);
    remove.setEdgeProperty(loop.e(), "p", null);
    s.commit(remove);
    assertThat(indexSizes(s)).as("a removed value's entry goes too").containsExactly(0, 0);
  }

  @Test
  void aPropertyIndexEntryWhoseValueCameBackIsKept() {
    Storage s = new Storage();
    Loop loop = indexedLoop(s);
    Transaction reader = s.begin(); // holds back the collection of both changes below
    setP(s, loop, 2L);
    setP(s, loop, 1L);
    assertThat(indexSizes(s)).containsExactly(2, 2);
    reader.close();
    s.collectGarbage();
    // The entry of 1 was queued when 1 was replaced, but the newest version holds 1 again.
    assertThat(indexSizes(s)).containsExactly(1, 1);
    Transaction now = s.begin();
    assertThat(TransactionTest.ids(now.verticesWithProperty("L", "p", 1L))).containsExactly(loop.v());
    assertThat(TransactionTest.ids(now.edgesWithProperties("T", java.util.List.of("p"), java.util.List.of(1L))))
        .containsExactly(loop.e());
  }

  @Test
  void aDroppedSchemaItemIsForgottenOnceNoReaderPredatesTheDrop() {
    Storage s = new Storage();
    SchemaItem idx = new SchemaItem.LabelIndex("L");
    Transaction create = s.begin();
    create.createSchema(idx);
    s.commit(create);
    Transaction reader = s.begin();
    Transaction drop = s.begin();
    drop.dropSchema(idx);
    s.commit(drop);
    assertThat(s.schema()).isEmpty();
    assertThat(s.graph().schemaHistory).hasSize(1); // a snapshot at the reader's index still lists it
    reader.close();
    s.collectGarbage();
    assertThat(s.graph().schemaHistory).isEmpty();
    Transaction again = s.begin();
    again.createSchema(idx);
    s.commit(again);
    Transaction dropAgain = s.begin();
    dropAgain.dropSchema(idx);
    s.commit(dropAgain);
    assertThat(s.graph().schemaHistory).as("no reader: gone at the drop's own apply").isEmpty();
  }
}
