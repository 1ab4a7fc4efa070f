package io.memgraph.ha.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The small graph the storage fuzz targets start from, and the state it is compared by. */
final class FuzzGraphs {
  private FuzzGraphs() {}

  /**
   * Two labelled vertices with properties, an edge between them, an index, a composite index, a
   * relationship property index and a unique constraint.
   */
  static Storage small() {
    Storage s = new Storage();
    Transaction tx = s.begin();
    tx.createSchema(new SchemaItem.LabelPropertyIndex("Person", "name"));
    tx.createSchema(new SchemaItem.UniqueConstraint("Person", List.of("id")));
    tx.createSchema(new SchemaItem.CompositeIndex("Person", List.of("name", "id")), "person_name_id", false);
    tx.createSchema(new SchemaItem.EdgePropertyIndex("KNOWS", List.of("since")), "knows_since", false);
    long a = tx.createVertex();
    tx.addLabel(a, "Person");
    tx.setVertexProperty(a, "id", 1L);
    tx.setVertexProperty(a, "name", "Ada");
    long b = tx.createVertex();
    tx.addLabel(b, "Person");
    tx.setVertexProperty(b, "id", 2L);
    tx.setVertexProperty(b, "tags", List.of("x", 2.5, Map.of("k", true)));
    long e = tx.createEdge(a, b, "KNOWS");
    tx.setEdgeProperty(e, "since", LocalDate.of(2020, 1, 2));
    ApplyResult r = s.commit(tx);
    if (!r.committed()) {
      throw new IllegalStateException("the fuzz graph did not commit: " + r);
    }
    s.resetIdAllocation();
    return s;
  }

  /** The whole state as snapshot bytes (which include the applied index). */
  static byte[] state(Storage s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      s.writeSnapshot(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
