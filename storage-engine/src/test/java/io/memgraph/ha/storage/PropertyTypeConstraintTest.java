package io.memgraph.ha.storage;

import static io.memgraph.ha.storage.SchemaRoundTrips.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property type constraints: the value of the property on every vertex with the label (or edge of
 * the type) is of an allowed type or missing; checked at apply on every change that could break it
 * and over the existing data when the constraint is created, with Neo4j's message.
 */
class PropertyTypeConstraintTest {
  private static final SchemaItem.PropertyTypeConstraint AGE = new SchemaItem.PropertyTypeConstraint("Person", false,
      "age", List.of("INTEGER"));
  private static final SchemaItem.PropertyTypeConstraint SINCE = new SchemaItem.PropertyTypeConstraint("KNOWS", true,
      "since", List.of("DATE", "INTEGER"));

  private static long vertex(Storage s, String label, String key, Object value) {
    long[] id = new long[1];
    ApplyResult r = run(s, tx -> {
      id[0] = tx.createVertex();
      if (label != null) {
        tx.addLabel(id[0], label);
      }
      tx.setVertexProperty(id[0], key, value);
    });
    assertThat(r.committed()).as("%s", r).isTrue();
    return id[0];
  }

  private static void assertViolation(ApplyResult r, String message) {
    assertThat(r.reason()).as("%s", r).isEqualTo(RejectReason.CONSTRAINT_VIOLATION);
    assertThat(r.message()).isEqualTo(message);
  }

  @Test
  void aWrongTypeIsRefusedOnCreateSetAndLabelAddedButNullAndMissingAreAllowed() {
    Storage s = new Storage();
    assertThat(run(s, tx -> tx.createSchema(AGE)).committed()).isTrue();
    long ann = vertex(s, "Person", "age", 30L);
    assertViolation(run(s, tx -> {
      long v = tx.createVertex();
      tx.addLabel(v, "Person");
      tx.setVertexProperty(v, "age", "thirty");
    }), "Node(1) with label `Person` required the property `age` to be of type `INTEGER`, but was of type `STRING`.");
    assertViolation(run(s, tx -> tx.setVertexProperty(ann, "age", 30.5)),
        "Node(" + ann + ") with label `Person` required the property `age` to be of type `INTEGER`, but was of type "
            + "`FLOAT`.");
    long unlabelled = vertex(s, null, "age", "old");
    assertViolation(run(s, tx -> tx.addLabel(unlabelled, "Person")), "Node(" + unlabelled
        + ") with label `Person` required the property `age` to be of type `INTEGER`, but was of type `STRING`.");
    // null (removing the property) and a vertex without it are allowed; other labels are not constrained
    assertThat(run(s, tx -> tx.setVertexProperty(ann, "age", null)).committed()).isTrue();
    assertThat(vertex(s, "Person", "name", "bob")).isNotNegative();
    assertThat(vertex(s, "Robot", "age", "new")).isNotNegative();
    assertThat(run(s, tx -> tx.removeLabel(ann, "Person")).committed()).isTrue();
    assertThat(run(s, tx -> tx.setVertexProperty(ann, "age", "any")).committed()).isTrue();
  }

  @Test
  void relationshipsOfTheTypeAreCheckedOnCreateAndSet() {
    Storage s = new Storage();
    long a = vertex(s, "Person", "name", "a");
    assertThat(run(s, tx -> tx.createSchema(SINCE)).committed()).isTrue();
    long[] edge = new long[1];
    assertThat(run(s, tx -> {
      edge[0] = tx.createEdge(a, a, "KNOWS");
      tx.setEdgeProperty(edge[0], "since", LocalDate.of(2020, 1, 1));
    }).committed()).isTrue();
    assertThat(run(s, tx -> tx.setEdgeProperty(edge[0], "since", 2021L)).committed()).isTrue();
    assertViolation(run(s, tx -> tx.setEdgeProperty(edge[0], "since", "2021")), "Relationship(" + edge[0]
        + ") with type `KNOWS` required the property `since` to be of type `INTEGER | DATE`, but was of type `STRING`.");
    assertViolation(run(s, tx -> {
      long e = tx.createEdge(a, a, "KNOWS");
      tx.setEdgeProperty(e, "since", List.of(1L, 2L));
    }), "Relationship(1) with type `KNOWS` required the property `since` to be of type `INTEGER | DATE`, but was of "
        + "type `LIST<INTEGER NOT NULL>`.");
    assertThat(run(s, tx -> tx.setEdgeProperty(tx.createEdge(a, a, "LIKES"), "since", "x")).committed()).isTrue();
    assertThat(run(s, tx -> tx.createEdge(a, a, "KNOWS")).committed()).isTrue();
  }

  @Test
  void creationIsRefusedOverViolatingDataOfNodesAndRelationships() {
    Storage s = new Storage();
    vertex(s, "Person", "age", 1L);
    long bad = vertex(s, "Person", "age", 2.0);
    assertViolation(run(s, tx -> tx.createSchema(AGE)), "Node(" + bad
        + ") with label `Person` required the property `age` to be of type `INTEGER`, but was of type `FLOAT`.");
    long[] edge = new long[1];
    run(s, tx -> {
      edge[0] = tx.createEdge(bad, bad, "KNOWS");
      tx.setEdgeProperty(edge[0], "since", true);
    });
    assertViolation(run(s, tx -> tx.createSchema(SINCE)), "Relationship(" + edge[0]
        + ") with type `KNOWS` required the property `since` to be of type `INTEGER | DATE`, but was of type "
        + "`BOOLEAN`.");
    assertThat(s.schema()).isEmpty();
    // the data of the same write set counts too
    assertViolation(run(s, tx -> {
      tx.setEdgeProperty(edge[0], "since", 1L);
      tx.createSchema(SINCE);
      tx.setEdgeProperty(tx.createEdge(bad, bad, "KNOWS"), "since", "x");
    }), "Relationship(1) with type `KNOWS` required the property `since` to be of type `INTEGER | DATE`, but was of "
        + "type `STRING`.");
    run(s, tx -> tx.setVertexProperty(bad, "age", 2L));
    assertThat(run(s, tx -> tx.createSchema(AGE)).committed()).isTrue();
  }

  @Test
  void typesMatchAsNeo4jDefinesThem() {
    SchemaItem.PropertyTypeConstraint lists = new SchemaItem.PropertyTypeConstraint("L", false, "p",
        List.of("LIST<STRING NOT NULL>"));
    assertThat(lists.allows(List.of("a", "b"))).isTrue();
    assertThat(lists.allows(List.of())).isTrue();
    assertThat(lists.allows(List.of("a", 1L))).isFalse();
    assertThat(lists.allows("a")).isFalse();
    SchemaItem.PropertyTypeConstraint any = new SchemaItem.PropertyTypeConstraint("L", false, "p",
        List.of(PropertyType.MAP, PropertyType.ANY_LIST));
    assertThat(any.allows(List.of("a", 1L))).isTrue();
    assertThat(any.allows(Map.of("k", 1L))).isTrue();
    assertThat(any.allows(1L)).isFalse();
    assertThat(AGE.allows(1.0)).isFalse();
    assertThat(AGE.allows(null)).isTrue();
    assertThat(PropertyType.of(List.of(1L, "a"))).isEqualTo("LIST<ANY>");
    assertThat(PropertyType.of(new PointValue(7203, 1, 2, Double.NaN))).isEqualTo("POINT");
  }

  @Test
  void oneConstraintPerPropertyWhateverItsTypesAndUnionsInAnyOrderAreTheSame() {
    SchemaItem.PropertyTypeConstraint reordered = new SchemaItem.PropertyTypeConstraint("KNOWS", true, "since",
        List.of("INTEGER", "DATE", "INTEGER"));
    assertThat(reordered).isEqualTo(SINCE);
    assertThat(reordered.typeText()).isEqualTo("INTEGER | DATE");
    Storage s = new Storage();
    assertThat(run(s, tx -> tx.createSchema(AGE)).committed()).isTrue();
    ApplyResult again = run(s, tx -> tx.createSchema(new SchemaItem.PropertyTypeConstraint("Person", false, "age",
        List.of("STRING")), "other", false));
    assertThat(again.reason()).isEqualTo(RejectReason.INVALID);
    assertThat(again.message()).isEqualTo("property type constraint on :Person(age) IS :: STRING already exists");
    // the same names on relationships are another constraint
    assertThat(run(s, tx -> tx.createSchema(new SchemaItem.PropertyTypeConstraint("Person", true, "age",
        List.of("STRING")))).committed()).isTrue();
  }

  @Test
  void aWriteSetCarriesTheDefinitionAndAppliesOnAnotherStorage() {
    SchemaRoundTrips.writeSetCarries(SINCE, "knows_since", Op.S_PROPERTY_TYPE);
  }

  @Test
  void aSnapshotKeepsNodeAndRelationshipConstraintsByteForByte() throws IOException {
    SchemaRoundTrips.snapshotKeeps(SINCE, "knows_since", AGE);
  }

  @Test
  void onlyTheLabelAndPropertyBecomeNamesOfTheGraph() {
    Storage s = new Storage();
    run(s, tx -> tx.createSchema(SINCE));
    NameTable names = s.graph().names;
    assertThat(names.id("KNOWS")).isNotNegative();
    assertThat(names.id("since")).isNotNegative();
    assertThat(names.id("RELATIONSHIP")).isNegative();
    assertThat(names.id("INTEGER")).isNegative();
  }

  @Test
  void refusesMalformedDefinitions() {
    assertThatThrownBy(() -> new SchemaItem.PropertyTypeConstraint("L", false, "p", List.of()))
        .hasMessageContaining("needs a type");
    assertThatThrownBy(() -> new SchemaItem.PropertyTypeConstraint("L", false, "p", List.of("NODE")))
        .hasMessageContaining("cannot require type NODE");
    Op badEntity = new Op(Op.CREATE_SCHEMA, Op.S_PROPERTY_TYPE, 0, 0, null, null, List.of("L", "p", "EDGE", "STRING"));
    assertThatThrownBy(badEntity::schemaItem).isInstanceOf(MalformedDataException.class);
    Op noType = new Op(Op.CREATE_SCHEMA, Op.S_PROPERTY_TYPE, 0, 0, null, null, List.of("L", "p", "NODE"));
    assertThatThrownBy(noType::schemaItem).isInstanceOf(MalformedDataException.class);
    Op badType = new Op(Op.CREATE_SCHEMA, Op.S_PROPERTY_TYPE, 0, 0, null, null, List.of("L", "p", "NODE", "LIST<MAP>"));
    assertThatThrownBy(badType::schemaItem).isInstanceOf(MalformedDataException.class);
  }
}
