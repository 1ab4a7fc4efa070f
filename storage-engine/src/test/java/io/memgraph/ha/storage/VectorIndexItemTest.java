package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    SchemaRoundTrips.writeSetCarries(DOCS, "docs", Op.S_VECTOR_INDEX);
  }

  @Test
  void aSnapshotKeepsItByteForByte() throws IOException {
    SchemaItem.VectorIndex anyLength = new SchemaItem.VectorIndex("Chunk", "v", 0, "euclidean");
    SchemaRoundTrips.snapshotKeeps(DOCS, "docs", anyLength);
  }

  @Test
  void oneVectorIndexPerLabelAndPropertyWhateverItsConfiguration() {
    Storage s = new Storage();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(DOCS, "docs", false)).committed()).isTrue();
    SchemaItem.VectorIndex other = new SchemaItem.VectorIndex("Doc", "embedding", 3, "euclidean");
    ApplyResult again = SchemaRoundTrips.run(s, tx -> tx.createSchema(other, "other", false));
    assertThat(again.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(again.message()).isEqualTo("vector index on :Doc(embedding) already exists");
    // a range index on the same property is another index
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(new SchemaItem.LabelPropertyIndex("Doc", "embedding"))).committed())
        .isTrue();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.dropSchema(DOCS)).committed()).isTrue();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(other, "other", false)).committed()).isTrue();
  }

  @Test
  void theConfigurationIsNoNameOfTheGraph() {
    Storage s = new Storage();
    SchemaRoundTrips.run(s, tx -> tx.createSchema(DOCS, "docs", false));
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

}
