package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The full-text index definition: it travels in a write set and a snapshot with its labels (or
 * types), properties, analyzer and consistency flag, is one per entities, labels and properties
 * whatever its analyzer, and only its labels and properties become names of the graph.
 */
class FulltextIndexItemTest {
  private static final SchemaItem.FulltextIndex DOCS = new SchemaItem.FulltextIndex(List.of("Doc", "Chunk"), false,
      List.of("title", "text"), "english", true);

  @Test
  void aWriteSetCarriesTheDefinitionAndAppliesOnAnotherStorage() {
    SchemaRoundTrips.writeSetCarries(DOCS, "docs", Op.S_FULLTEXT_INDEX);
  }

  @Test
  void aSnapshotKeepsNodeAndRelationshipIndexesByteForByte() throws IOException {
    SchemaItem.FulltextIndex edges = new SchemaItem.FulltextIndex(List.of("MENTIONS"), true, List.of(),
        "standard-no-stop-words", false);
    SchemaRoundTrips.snapshotKeeps(DOCS, "docs", edges);
  }

  @Test
  void oneIndexPerEntitiesLabelsAndPropertiesWhateverTheAnalyzerOrOrder() {
    Storage s = new Storage();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(DOCS, "docs", false)).committed()).isTrue();
    SchemaItem.FulltextIndex reordered = new SchemaItem.FulltextIndex(List.of("Chunk", "Doc"), false,
        List.of("text", "title"), "simple", false);
    ApplyResult again = SchemaRoundTrips.run(s, tx -> tx.createSchema(reordered, "other", false));
    assertThat(again.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(again.message()).isEqualTo("full-text index on :Chunk|Doc(text, title) already exists");
    // the same names as relationship types, or fewer properties, are other indexes
    SchemaItem.FulltextIndex onEdges = new SchemaItem.FulltextIndex(DOCS.labels(), true, DOCS.properties(),
        "simple", false);
    SchemaItem.FulltextIndex titles = new SchemaItem.FulltextIndex(DOCS.labels(), false, List.of("title"),
        "simple", false);
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(onEdges, "edges", false)).committed()).isTrue();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(titles, "titles", false)).committed()).isTrue();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.dropSchema(DOCS)).committed()).isTrue();
    assertThat(SchemaRoundTrips.run(s, tx -> tx.createSchema(reordered, "other", false)).committed()).isTrue();
  }

  @Test
  void onlyLabelsAndPropertiesBecomeNamesOfTheGraph() {
    Storage s = new Storage();
    SchemaRoundTrips.run(s, tx -> tx.createSchema(DOCS, "docs", false));
    NameTable names = s.graph().names;
    assertThat(names.id("Doc")).isNotNegative();
    assertThat(names.id("Chunk")).isNotNegative();
    assertThat(names.id("text")).isNotNegative();
    assertThat(names.id("english")).isNegative();
    assertThat(names.id("NODE")).isNegative();
    assertThat(names.id("2")).isNegative();
  }

  @Test
  void refusesMalformedDefinitions() {
    assertThatThrownBy(() -> new SchemaItem.FulltextIndex(List.of(), false, List.of("p"), "simple", false))
        .hasMessageContaining("at least 1 label");
    assertThatThrownBy(() -> new SchemaItem.FulltextIndex(List.of("L"), false, List.of("p", "p"), "simple", false))
        .hasMessageContaining("names a property twice");
    Op tooManyLabels = new Op(Op.CREATE_SCHEMA, Op.S_FULLTEXT_INDEX, 0, 0, null, null,
        List.of("NODE", "simple", "false", "3", "L", "p"));
    assertThatThrownBy(tooManyLabels::schemaItem).isInstanceOf(MalformedDataException.class);
    Op badEntity = new Op(Op.CREATE_SCHEMA, Op.S_FULLTEXT_INDEX, 0, 0, null, null,
        List.of("EDGE", "simple", "false", "1", "L", "p"));
    assertThatThrownBy(badEntity::schemaItem).isInstanceOf(MalformedDataException.class);
  }

}
