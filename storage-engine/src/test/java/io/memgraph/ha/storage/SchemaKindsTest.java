package io.memgraph.ha.storage;

import static io.memgraph.ha.storage.TransactionTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Composite and relationship property indexes, node keys, and the names and ids of schema items:
 * maintained by apply, kept in snapshots (format 3), read from older write sets and snapshots.
 */
class SchemaKindsTest {
  private static ApplyResult run(Storage s, Consumer<Transaction> body) {
    Transaction tx = s.begin();
    body.accept(tx);
    return s.commit(tx);
  }

  private static long city(Storage s, String country, Object zip) {
    long[] id = new long[1];
    ApplyResult r = run(s, tx -> {
      id[0] = tx.createVertex();
      tx.addLabel(id[0], "City");
      tx.setVertexProperty(id[0], "country", country);
      tx.setVertexProperty(id[0], "zip", zip);
    });
    assertThat(r.committed()).as("%s", r).isTrue();
    return id[0];
  }

  private static long edge(Storage s, String type, Object ref) {
    long[] id = new long[1];
    assertThat(run(s, tx -> {
      long a = tx.createVertex();
      long b = tx.createVertex();
      id[0] = tx.createEdge(a, b, type);
      tx.setEdgeProperty(id[0], "ref", ref);
    }).committed()).isTrue();
    return id[0];
  }

  private static final SchemaItem.CompositeIndex CITY = new SchemaItem.CompositeIndex("City", List.of("country", "zip"));
  private static final SchemaItem.EdgePropertyIndex PAID = new SchemaItem.EdgePropertyIndex("PAID", List.of("ref"));

  @Test
  void compositeIndexIsBuiltMaintainedAndCollected() {
    Storage s = new Storage();
    long a = city(s, "se", 1);
    long b = city(s, "se", 2);
    long c = city(s, "no", 1);
    assertThat(run(s, tx -> tx.createSchema(CITY, "city", false)).committed()).isTrue();
    Transaction tx = s.begin();
    assertThat(tx.hasCompositeIndex("City", List.of("country", "zip"))).isTrue();
    assertThat(tx.hasCompositeIndex("City", List.of("zip", "country"))).isFalse();
    assertThat(ids(tx.verticesWithProperties("City", List.of("country", "zip"), List.of("se", 1.0))))
        .containsExactly(a);
    assertThat(tx.approximateIndexCount(CITY)).isEqualTo(3);
    tx.close();
    Transaction old = s.begin();
    run(s, t -> t.setVertexProperty(a, "zip", 2));
    run(s, t -> t.setVertexProperty(c, "country", null));
    long d = city(s, "no", 1);
    Transaction now = s.begin();
    assertThat(ids(now.verticesWithProperties("City", List.of("country", "zip"), List.of("se", 2))))
        .containsExactly(a, b);
    assertThat(ids(now.verticesWithProperties("City", List.of("country", "zip"), List.of("no", 1))))
        .containsExactly(d);
    assertThat(ids(old.verticesWithProperties("City", List.of("country", "zip"), List.of("no", 1))))
        .containsExactly(c);
    assertThat(now.approximateIndexCount(CITY)).isEqualTo(3);
    assertThat(s.stats().indexCounts()).isEqualTo(Map.of(CITY, 3L));
    // The transaction's own writes are seen through the index too.
    long e = now.createVertex();
    now.addLabel(e, "City");
    now.setVertexProperty(e, "country", "se");
    now.setVertexProperty(e, "zip", 2);
    now.setVertexProperty(a, "zip", 3);
    assertThat(ids(now.verticesWithProperties("City", List.of("country", "zip"), List.of("se", 2))))
        .containsExactly(b, e);
    old.close();
    now.close();
    s.collectGarbage();
    assertThat(s.graph().compositeIndexes.get(CITY).size()).as("entries of old versions are collected")
        .isEqualTo(3);
  }

  @Test
  void edgeIndexIsBuiltMaintainedAndCollected() {
    Storage s = new Storage();
    long e1 = edge(s, "PAID", "r1");
    long e2 = edge(s, "PAID", "r2");
    edge(s, "OWES", "r1");
    assertThat(run(s, tx -> tx.createSchema(PAID, "paid", false)).committed()).isTrue();
    Transaction tx = s.begin();
    assertThat(tx.hasEdgePropertyIndex("PAID", List.of("ref"))).isTrue();
    assertThat(ids(tx.edgesWithProperties("PAID", List.of("ref"), List.of("r1")))).containsExactly(e1);
    tx.close();
    Transaction old = s.begin();
    run(s, t -> t.setEdgeProperty(e1, "ref", "r2"));
    run(s, t -> t.deleteEdge(e2));
    long e3 = edge(s, "PAID", "r1");
    Transaction now = s.begin();
    assertThat(ids(now.edgesWithProperties("PAID", List.of("ref"), List.of("r2")))).containsExactly(e1);
    assertThat(ids(now.edgesWithProperties("PAID", List.of("ref"), List.of("r1")))).containsExactly(e3);
    assertThat(ids(old.edgesWithProperties("PAID", List.of("ref"), List.of("r1")))).containsExactly(e1);
    assertThat(ids(old.edgesWithProperties("PAID", List.of("ref"), List.of("r2")))).containsExactly(e2);
    assertThat(now.approximateIndexCount(PAID)).isEqualTo(2);
    // The transaction's own writes are seen through the index too.
    long e4 = now.createEdge(now.createVertex(), now.createVertex(), "PAID");
    now.setEdgeProperty(e4, "ref", "r1");
    assertThat(ids(now.edgesWithProperties("PAID", List.of("ref"), List.of("r1")))).containsExactly(e3, e4);
    now.close();
    old.close();
    s.collectGarbage();
    assertThat(s.graph().edgeIndexes.get(PAID).size()).as("entries of old versions are collected").isEqualTo(2);
    // Without the index the lookup scans and gives the same answer.
    assertThat(run(s, t -> t.dropSchema(PAID)).committed()).isTrue();
    Transaction scan = s.begin();
    assertThat(scan.hasEdgePropertyIndex("PAID", List.of("ref"))).isFalse();
    assertThat(ids(scan.edgesWithProperties("PAID", List.of("ref"), List.of("r1")))).containsExactly(e3);
    scan.close();
  }

  @Test
  void nodeKeyRequiresEveryPropertyAndUniqueValues() {
    Storage s = new Storage();
    SchemaItem.NodeKeyConstraint key = new SchemaItem.NodeKeyConstraint("City", List.of("zip", "country"));
    city(s, "se", 1);
    assertThat(run(s, tx -> tx.createSchema(key, "city_key", false)).committed()).isTrue();
    ApplyResult duplicate = run(s, tx -> {
      long v = tx.createVertex();
      tx.addLabel(v, "City");
      tx.setVertexProperty(v, "country", "se");
      tx.setVertexProperty(v, "zip", 1L);
    });
    assertThat(duplicate.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(duplicate.message()).contains("node key constraint");
    ApplyResult missing = run(s, tx -> {
      long v = tx.createVertex();
      tx.addLabel(v, "City");
      tx.setVertexProperty(v, "country", "dk");
    });
    assertThat(missing.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(missing.message()).isEqualTo("vertex 2 with label :City must have property zip (node key constraint)");
    assertThat(city(s, "dk", 1)).isEqualTo(3);
    // Creating one on data that violates it is refused.
    run(s, tx -> tx.addLabel(tx.createVertex(), "Town"));
    ApplyResult refused = run(s, tx -> tx.createSchema(new SchemaItem.NodeKeyConstraint("Town", List.of("zip")),
        "zip_key", false));
    assertThat(refused.reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
  }

  @Test
  void namesAndIdsAreCheckedAndAssignedAtApply() {
    Storage s = new Storage();
    SchemaItem a = new SchemaItem.LabelPropertyIndex("A", "p");
    SchemaItem b = new SchemaItem.LabelPropertyIndex("B", "p");
    assertThat(run(s, tx -> {
      tx.createSchema(a, "first", false);
      tx.createSchema(b, "second", false);
    }).committed()).isTrue();
    assertThat(s.schemaDefinitions()).containsExactly(new SchemaDefinition(1, "first", a),
        new SchemaDefinition(2, "second", b));
    ApplyResult sameName = run(s, tx -> tx.createSchema(CITY, "first", false));
    assertThat(sameName.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(sameName.message()).isEqualTo("an index or constraint called 'first' already exists");
    ApplyResult sameItem = run(s, tx -> tx.createSchema(a, "third", false));
    assertThat(sameItem.message()).isEqualTo("index on :A(p) already exists");
    // Conditional: nothing happens, the rest of the write set applies.
    assertThat(run(s, tx -> {
      tx.createSchema(a, "third", true);
      tx.createSchema(CITY, "first", true);
      tx.dropSchema(PAID, true);
      tx.createSchema(PAID, "paid", true);
    }).committed()).isTrue();
    assertThat(s.schemaDefinitions()).containsExactly(new SchemaDefinition(1, "first", a),
        new SchemaDefinition(2, "second", b), new SchemaDefinition(3, "paid", PAID));
    assertThat(run(s, tx -> tx.dropSchema(PAID)).committed()).isTrue();
    assertThat(run(s, tx -> tx.dropSchema(PAID)).message()).isEqualTo("relationship index on :PAID(ref) does not exist");
    assertThat(run(s, tx -> tx.dropSchema(a)).committed()).isTrue();
    assertThat(run(s, tx -> tx.createSchema(a)).committed()).isTrue();
    assertThat(s.schemaDefinitions()).containsExactly(new SchemaDefinition(2, "second", b),
        new SchemaDefinition(3, SchemaItem.defaultName(a), a));
    assertThat(SchemaItem.defaultName(a)).matches("index_[0-9a-f]{8}");
    assertThat(SchemaItem.defaultName(new SchemaItem.UniqueConstraint("A", List.of("p"))))
        .matches("constraint_[0-9a-f]{8}");
  }

  @Test
  void snapshotsKeepNamesIdsAndTheNewKindsByteForByte() throws IOException {
    Storage s = new Storage();
    city(s, "se", 1);
    edge(s, "PAID", "r1");
    SchemaItem.NodeKeyConstraint key = new SchemaItem.NodeKeyConstraint("City", List.of("country"));
    run(s, tx -> {
      tx.createSchema(CITY, "city", false);
      tx.createSchema(PAID, "paid", false);
      tx.createSchema(key, "key", false);
    });
    run(s, tx -> tx.dropSchema(CITY));
    run(s, tx -> tx.createSchema(CITY, "city again", false));
    byte[] bytes = DeterminismTest.snapshot(s);
    Storage back = Storage.readSnapshot(new ByteArrayInputStream(bytes), "mem");
    assertThat(back.schemaDefinitions()).isEqualTo(s.schemaDefinitions()).containsExactly(
        new SchemaDefinition(2, "paid", PAID), new SchemaDefinition(3, "key", key),
        new SchemaDefinition(4, "city again", CITY));
    assertThat(DeterminismTest.snapshot(back)).isEqualTo(bytes);
    Transaction tx = back.begin();
    assertThat(tx.edgesWithProperties("PAID", List.of("ref"), List.of("r1")).hasNext()).isTrue();
    assertThat(tx.verticesWithProperties("City", List.of("country", "zip"), List.of("se", 1)).hasNext()).isTrue();
    tx.close();
    assertThat(run(back, t -> {
      long v = t.createVertex();
      t.addLabel(v, "City");
      t.setVertexProperty(v, "country", "se");
    }).reason()).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
  }

  @Test
  void aSnapshotOfFormatOneGetsDerivedNamesAndIdsFromOne() throws IOException {
    byte[] v1 = SchemaRoundTrips.olderSnapshot("format-1.bin");
    Storage s = Storage.readSnapshot(new ByteArrayInputStream(v1), "format-1.bin");
    SchemaItem item = new SchemaItem.LabelPropertyIndex("Person", "name");
    assertThat(s.schemaDefinitions()).containsExactly(new SchemaDefinition(1, SchemaItem.defaultName(item), item));
  }

  @Test
  void aWriteSetOfFormatOneStillApplies() {
    // Format 1: version, snapshot index, names, ops; a schema op is kind, name count, name refs.
    ByteWriter w = new ByteWriter(32);
    w.writeByte(1);
    w.writeVarLong(0);
    w.writeVarInt(2);
    w.writeString("Person");
    w.writeString("name");
    w.writeVarInt(1);
    w.writeByte(Op.CREATE_SCHEMA);
    w.writeByte(Op.S_LABEL_PROPERTY_INDEX);
    w.writeVarInt(2);
    w.writeVarInt(0);
    w.writeVarInt(1);
    Storage s = new Storage();
    ApplyResult r = s.apply(1, java.util.Arrays.copyOf(w.buffer(), w.size()));
    assertThat(r.committed()).as("%s", r).isTrue();
    SchemaItem item = new SchemaItem.LabelPropertyIndex("Person", "name");
    assertThat(s.schemaDefinitions()).containsExactly(new SchemaDefinition(1, SchemaItem.defaultName(item), item));
  }
}
