package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import org.junit.jupiter.api.Test;

class TransactionTest {
  static List<Long> ids(PrimitiveIterator.OfLong it) {
    List<Long> out = new ArrayList<>();
    it.forEachRemaining((long id) -> out.add(id));
    return out;
  }

  @Test
  void createsAndReadsAGraph() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    tx.addLabel(a, "Person");
    tx.setVertexProperty(a, "name", "Ada");
    tx.setVertexProperty(a, "age", 36);
    long e = tx.createEdge(a, b, "KNOWS");
    tx.setEdgeProperty(e, "since", 1843);
    assertThat(tx.vertexProperty(a, "age")).isEqualTo(36L); // own writes are visible, ints widen
    assertThat(s.commit(tx).committed()).isTrue();

    Transaction r = s.begin();
    assertThat(r.labels(a)).containsExactly("Person");
    assertThat(r.vertexProperties(a)).isEqualTo(Map.of("name", "Ada", "age", 36L));
    assertThat(r.outEdges(a)).containsExactly(new EdgeRef(e, a, b, "KNOWS"));
    assertThat(r.inEdges(b)).containsExactly(new EdgeRef(e, a, b, "KNOWS"));
    assertThat(r.outEdges(a, "LIKES")).isEmpty();
    assertThat(r.edgeProperty(e, "since")).isEqualTo(1843L);
    assertThat(ids(r.vertices())).containsExactly(a, b);
    assertThat(ids(r.verticesWithLabel("Person"))).containsExactly(a);
    r.close();
  }

  @Test
  void storesEveryValueType() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long v = tx.createVertex();
    Map<String, Object> values = new java.util.HashMap<>();
    values.put("b", true);
    values.put("i", -5L);
    values.put("d", 2.5);
    values.put("s", "text");
    values.put("l", List.of(1L, "x", List.of()));
    values.put("m", Map.of("k", 1L, "j", List.of(false)));
    values.put("date", LocalDate.of(2020, 2, 29));
    values.put("time", LocalTime.of(13, 14, 15, 16));
    values.put("dt", LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999));
    values.put("dur", new DurationValue(1, -2, 3, 4));
    values.put("zoned", java.time.ZonedDateTime.of(2021, 3, 28, 2, 30, 0, 5, java.time.ZoneId.of("Europe/Zagreb")));
    values.put("offset", java.time.ZonedDateTime.of(2021, 3, 28, 2, 30, 0, 5, java.time.ZoneOffset.ofHours(-3)));
    values.put("otime", java.time.OffsetTime.of(23, 0, 0, 1, java.time.ZoneOffset.ofHoursMinutes(5, 30)));
    values.forEach((k, val) -> tx.setVertexProperty(v, k, val));
    s.commit(tx);
    Transaction r = s.begin();
    assertThat(r.vertexProperties(v)).isEqualTo(values);
    assertThatThrownBy(() -> r.setVertexProperty(v, "x", new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
  }

  @Test
  void uncommittedWritesAreInvisibleAndAbortLeavesNothing() {
    Storage s = new Storage();
    Transaction w = s.begin();
    long v = w.createVertex();
    Transaction r = s.begin();
    assertThat(r.vertexExists(v)).isFalse();
    w.close();
    assertThat(s.lastAppliedIndex()).isZero();
    Transaction r2 = s.begin();
    assertThat(r2.vertexExists(v)).isFalse();
    assertThat(ids(r2.vertices())).isEmpty();
    assertThat(s.stats().vertexCount()).isZero();
  }

  @Test
  void snapshotReadsAreRepeatable() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long v = tx.createVertex();
    tx.setVertexProperty(v, "x", 1);
    s.commit(tx);
    Transaction reader = s.begin();
    for (int i = 2; i <= 5; i++) {
      Transaction w = s.begin();
      w.setVertexProperty(v, "x", i);
      w.addLabel(v, "L" + i);
      assertThat(s.commit(w).committed()).isTrue();
    }
    Transaction d = s.begin();
    d.detachDeleteVertex(v);
    s.commit(d);
    assertThat(reader.vertexExists(v)).isTrue();
    assertThat(reader.vertexProperty(v, "x")).isEqualTo(1L);
    assertThat(reader.labels(v)).isEmpty();
    Transaction now = s.begin();
    assertThat(now.vertexExists(v)).isFalse();
  }

  @Test
  void deleteRefusesVertexWithEdgesButDetachDeleteWorks() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    long loop = tx.createEdge(a, a, "SELF");
    long e = tx.createEdge(a, b, "T");
    s.commit(tx);
    Transaction d = s.begin();
    assertThatThrownBy(() -> d.deleteVertex(a)).isInstanceOf(StorageException.class)
        .hasMessageContaining("vertex " + a).hasMessageContaining("edges");
    d.detachDeleteVertex(a);
    assertThat(d.edge(e)).isNull();
    assertThat(d.edge(loop)).isNull();
    assertThat(d.inEdges(b)).isEmpty();
    assertThat(s.commit(d).committed()).isTrue();
    Transaction r = s.begin();
    assertThat(r.vertexExists(a)).isFalse();
    assertThat(r.inEdges(b)).isEmpty();
    assertThat(s.stats().edgeCount()).isZero();
    assertThat(s.stats().vertexCount()).isEqualTo(1);
  }

  @Test
  void writeWriteConflictFirstCommitterWins() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long v = tx.createVertex();
    s.commit(tx);
    Transaction t1 = s.begin();
    Transaction t2 = s.begin();
    t1.setVertexProperty(v, "x", 1);
    t2.setVertexProperty(v, "x", 2);
    assertThat(s.commit(t1).committed()).isTrue();
    ApplyResult second = s.commit(t2);
    assertThat(second.committed()).isFalse();
    assertThat(second.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThat(second.retryable()).isTrue();
    assertThat(second.message()).contains("vertex " + v);
    Transaction r = s.begin();
    assertThat(r.vertexProperty(v, "x")).isEqualTo(1L);
  }

  @Test
  void twoPhaseCommitAppliesAtGivenIndexAndEdgeToDeletedVertexConflicts() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long a = tx.createVertex();
    long b = tx.createVertex();
    assertThat(s.apply(10, tx.prepare()).committed()).isTrue();
    assertThat(s.lastAppliedIndex()).isEqualTo(10);
    Transaction t1 = s.begin();
    Transaction t2 = s.begin();
    t1.deleteVertex(b);
    t2.createEdge(a, b, "T");
    WriteSet w1 = t1.prepare();
    WriteSet w2 = t2.prepare();
    assertThat(w2.snapshotIndex()).isEqualTo(10);
    assertThat(s.apply(12, w1).committed()).isTrue();
    ApplyResult r = s.apply(13, w2);
    assertThat(r.reason()).isEqualTo(RejectReason.CONFLICT);
    assertThatThrownBy(() -> s.apply(13, w2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s.apply(14, new byte[] {9, 9}).reason()).isEqualTo(RejectReason.INVALID);
    assertThat(s.lastAppliedIndex()).isEqualTo(14);
  }

  @Test
  void writeSetRoundTripsThroughBytes() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    long a = tx.createVertex();
    tx.addLabel(a, "L");
    tx.setVertexProperty(a, "p", List.of(1, 2));
    tx.createSchema(new SchemaItem.LabelPropertyIndex("L", "p"));
    WriteSet ws = tx.prepare();
    assertThat(ws.toBytes()[0]).isEqualTo((byte) WriteSet.FORMAT_VERSION);
    WriteSet back = WriteSet.fromBytes(ws.toBytes());
    assertThat(back.operationCount()).isEqualTo(4);
    assertThat(s.apply(1, back.toBytes()).committed()).isTrue();
    assertThat(s.schema()).containsExactly(new SchemaItem.LabelPropertyIndex("L", "p"));
    byte[] bad = ws.toBytes();
    bad[0] = 7;
    assertThatThrownBy(() -> WriteSet.fromBytes(bad)).hasMessageContaining("version 7");
  }

  @Test
  void idAllocatorResetsAboveHighestId() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    tx.createVertex();
    long b = tx.createVertex();
    s.commit(tx);
    Transaction d = s.begin();
    d.deleteVertex(b);
    s.commit(d);
    s.collectGarbage();
    s.resetIdAllocation();
    assertThat(s.nextVertexId()).isEqualTo(b + 1); // deleted ids are never reused
  }

  @Test
  void zonedValuesOrderByInstantThenZone() {
    var utc = java.time.ZonedDateTime.of(2020, 1, 1, 12, 0, 0, 0, java.time.ZoneOffset.UTC);
    var plusOne = java.time.ZonedDateTime.of(2020, 1, 1, 13, 0, 0, 0, java.time.ZoneOffset.ofHours(1));
    var later = utc.plusNanos(1);
    assertThat(Values.compare(utc, later)).isNegative();
    assertThat(Values.compare(utc, plusOne)).isNotZero(); // same instant, different zone
    assertThat(Values.compare(plusOne, later)).isNegative();
  }

  @Test
  void numbersCompareAcrossIntegerAndDouble() {
    assertThat(Values.compare(1L, 1.0)).isZero();
    assertThat(Values.compare(1L, 1.5)).isNegative();
    assertThat(Values.compare(Long.MAX_VALUE, 9.223372036854775807E18)).isNegative();
    assertThat(Values.compare(-0.0, 0.0)).isZero();
    assertThat(Values.compare(true, 0L)).isNegative();
    assertThat(Values.compare(null, "x")).isPositive();
    assertThat(Values.compare(List.of(1L, 2L), List.of(1L, 3L))).isNegative();
  }
}
