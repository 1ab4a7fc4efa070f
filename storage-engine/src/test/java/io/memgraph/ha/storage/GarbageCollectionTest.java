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

  @Test
  void labelIndexBitsAreClearedWhenNoVersionNeedsThem() {
    Storage s = new Storage();
    Transaction init = s.begin();
    init.createSchema(new SchemaItem.LabelIndex("L"));
    long v = init.createVertex();
    init.addLabel(v, "L");
    s.commit(init);
    LabelBitmap bitmap = s.graph().labelIndex("L");
    assertThat(bitmap.next(0)).isEqualTo(v);
    Transaction tx = s.begin();
    tx.removeLabel(v, "L");
    s.commit(tx);
    assertThat(bitmap.next(0)).isEqualTo(-1);
    assertThat(TransactionTest.ids(s.begin().verticesWithLabel("L"))).isEmpty();
  }
}
