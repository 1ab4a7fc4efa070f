package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vector index definition: it travels in a write set and a snapshot with its dimensions and
 * similarity function, is one per label and property whatever its configuration, and its
 * configuration never becomes a label or property key.
 */
class VectorIndexItemTest {
  private static final SchemaItem.VectorIndex DOCS = new SchemaItem.VectorIndex("Doc", "embedding", 384, "cosine");

  @Test
  void aWriteSetCarriesTheConfigurationAndAppliesOnAnotherStorage() {
    Storage leader = new Storage();
    Transaction tx = leader.begin();
    tx.createSchema(DOCS, "docs", false);
    WriteSet ws = tx.prepare();
    List<Op> ops = WriteSet.fromBytes(ws.toBytes()).decodeOps();
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).a()).isEqualTo(Op.S_VECTOR_INDEX);
    assertThat(ops.get(0).schemaItem()).isEqualTo(DOCS);
    Storage follower = new Storage();
    ApplyResult r = follower.apply(1, ws.toBytes());
    assertThat(r.committed()).as("%s", r).isTrue();
    assertThat(follower.schemaDefinitions()).containsExactly(new SchemaDefinition(1, "docs", DOCS));
  }

  @Test
  void aSnapshotKeepsItByteForByte() throws IOException {
    Storage s = new Storage();
    SchemaItem.VectorIndex anyLength = new SchemaItem.VectorIndex("Chunk", "v", 0, "euclidean");
    assertThat(run(s, tx -> {
      tx.createSchema(DOCS, "docs", false);
      tx.createSchema(anyLength, SchemaItem.defaultName(anyLength), false);
    }).committed()).isTrue();
    byte[] bytes = DeterminismTest.snapshot(s);
    Storage back = Storage.readSnapshot(new ByteArrayInputStream(bytes), "mem");
    assertThat(back.schemaDefinitions()).isEqualTo(s.schemaDefinitions()).containsExactly(
        new SchemaDefinition(1, "docs", DOCS), new SchemaDefinition(2, SchemaItem.defaultName(anyLength), anyLength));
    assertThat(DeterminismTest.snapshot(back)).isEqualTo(bytes);
  }

  @Test
  void oneVectorIndexPerLabelAndPropertyWhateverItsConfiguration() {
    Storage s = new Storage();
    assertThat(run(s, tx -> tx.createSchema(DOCS, "docs", false)).committed()).isTrue();
    SchemaItem.VectorIndex other = new SchemaItem.VectorIndex("Doc", "embedding", 3, "euclidean");
    ApplyResult again = run(s, tx -> tx.createSchema(other, "other", false));
    assertThat(again.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(again.message()).isEqualTo("vector index on :Doc(embedding) already exists");
    // a range index on the same property is another index
    assertThat(run(s, tx -> tx.createSchema(new SchemaItem.LabelPropertyIndex("Doc", "embedding"))).committed())
        .isTrue();
    assertThat(run(s, tx -> tx.dropSchema(DOCS)).committed()).isTrue();
    assertThat(run(s, tx -> tx.createSchema(other, "other", false)).committed()).isTrue();
  }

  @Test
  void theConfigurationIsNoNameOfTheGraph() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(DOCS, "docs", false));
    NameTable names = s.graph().names;
    assertThat(names.id("Doc")).isNotNegative();
    assertThat(names.id("embedding")).isNotNegative();
    assertThat(names.id("384")).isNegative();
    assertThat(names.id("cosine")).isNegative();
  }

  @Test
  void refusesDimensionsAndFunctionsOutOfRange() {
    assertThatThrownBy(() -> new SchemaItem.VectorIndex("L", "p", 4097, "cosine"))
        .hasMessageContaining("1 to 4096 dimensions");
    assertThatThrownBy(() -> new SchemaItem.VectorIndex("L", "p", 3, "dot"))
        .hasMessageContaining("'cosine' or 'euclidean', not 'dot'");
    Op bad = new Op(Op.CREATE_SCHEMA, Op.S_VECTOR_INDEX, 0, 0, null, null, List.of("L", "p", "x", "cosine"));
    assertThatThrownBy(bad::schemaItem).isInstanceOf(MalformedDataException.class);
  }

  private static ApplyResult run(Storage s, java.util.function.Consumer<Transaction> body) {
    Transaction tx = s.begin();
    body.accept(tx);
    return s.commit(tx);
  }
}
