package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vector index definition: it travels in a write set and a snapshot with its dimensions,
 * similarity function and entities (nodes or relationships), is one per entity kind, label (or
 * type) and property whatever its configuration, and its configuration never becomes a label or
 * property key.
 */
class VectorIndexItemTest {
  private static final SchemaItem.VectorIndex DOCS = new SchemaItem.VectorIndex("Doc", "embedding", 384, "cosine");
  private static final SchemaItem.VectorIndex LINKS =
      new SchemaItem.VectorIndex("LINKS", "embedding", 3, "euclidean", true);

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
  void aRelationshipIndexTravelsAsTheSameKindWithAFifthName() {
    SchemaRoundTrips.writeSetCarries(LINKS, "links", Op.S_VECTOR_INDEX);
    assertThat(Op.schema(true, LINKS).names()).containsExactly("LINKS", "embedding", "3", "euclidean", "RELATIONSHIP");
    // a node index keeps the four names builds before relationship indexes wrote and read
    assertThat(Op.schema(true, DOCS).names()).containsExactly("Doc", "embedding", "384", "cosine");
  }

  @Test
  void aSnapshotKeepsARelationshipIndexBesideANodeIndexOfTheSameNames() throws IOException {
    SchemaItem.VectorIndex nodes = new SchemaItem.VectorIndex("LINKS", "embedding", 3, "euclidean");
    SchemaRoundTrips.snapshotKeeps(LINKS, "links", nodes);
  }

  @Test
  void aSnapshotWrittenBeforeRelationshipIndexesReadsItsIndexAsANodeIndex() throws IOException {
    // written by the build before relationship vector indexes (commit 06252bd): a node index named
    // docs on :Doc(embedding), 2 dimensions, cosine, and a SIMILAR relationship with an embedding
    byte[] old = SchemaRoundTrips.olderSnapshot("format-3-vector-node.bin");
    Storage s = Storage.readSnapshot(new ByteArrayInputStream(old), "format-3-vector-node.bin");
    assertThat(s.schemaDefinitions()).containsExactly(
        new SchemaDefinition(1, "docs", new SchemaItem.VectorIndex("Doc", "embedding", 2, "cosine", false)));
    assertThat(DeterminismTest.snapshot(s)).isEqualTo(old);
  }

  @Test
  void aNodeIndexAndARelationshipIndexOfOneNameAndPropertyAreTwoItems() {
    SchemaItem.VectorIndex nodes = new SchemaItem.VectorIndex("LINKS", "embedding", 3, "euclidean");
    assertThat(SchemaItem.sameSchema(nodes, LINKS)).isFalse();
    assertThat(SchemaItem.defaultName(nodes)).isNotEqualTo(SchemaItem.defaultName(LINKS));
    assertThat(SchemaItem.describe(LINKS)).isEqualTo("vector index on relationships :LINKS(embedding)");
    Storage s = new Storage();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(nodes, "nodes", false)).committed()).isTrue();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(LINKS, "links", false)).committed()).isTrue();
    SchemaItem.VectorIndex other = new SchemaItem.VectorIndex("LINKS", "embedding", 8, "cosine", true);
    ApplyResult again = SchemaRoundTrips.run(s, tx -> tx.createSchema(other, "other", false));
    assertThat(again.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(again.message()).isEqualTo("vector index on relationships :LINKS(embedding) already exists");
    assertThat(SchemaRoundTrips.run(s, tx -> tx.dropSchema(LINKS)).committed()).isTrue();
    assertThat(s.schemaDefinitions()).extracting(SchemaDefinition::item).containsExactly(nodes);
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
    for (List<String> names : List.of(List.of("L", "p", "3", "cosine", "NODE"), List.of("L", "p", "3"),
        List.of("L", "p", "3", "cosine", "RELATIONSHIP", "x"))) {
      Op wrong = new Op(Op.CREATE_SCHEMA, Op.S_VECTOR_INDEX, 0, 0, null, null, names);
      assertThatThrownBy(wrong::schemaItem).as("%s", names).isInstanceOf(MalformedDataException.class);
    }
  }

}
