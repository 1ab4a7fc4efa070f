package io.memgraph.ha.storage;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * An index or constraint definition. Created and dropped through a transaction (so the change
 * travels in the write set and every node applies it at the same log index). Two items are the
 * same schema when they are equal; the name a definition carries ({@link SchemaDefinition}) is not
 * part of it.
 */
public sealed interface SchemaItem {
  /** The label the item applies to (for a relationship index: the relationship type). */
  String label();

  /** An index of all vertices with a label. */
  record LabelIndex(String label) implements SchemaItem {}

  /** An index of the vertices with a label by the value of one property. */
  record LabelPropertyIndex(String label, String property) implements SchemaItem {}

  /**
   * An index of the vertices with a label by the values of two or more properties, in the order
   * given (a vertex is indexed only when it has all of them, as in Neo4j).
   */
  record CompositeIndex(String label, List<String> properties) implements SchemaItem {
    /** Keeps the order; refuses fewer than two or repeated properties. */
    public CompositeIndex {
      properties = distinctInOrder(properties, 2, "a composite index");
    }
  }

  /**
   * An index of the edges of a type by the values of one or more properties, in the order given
   * ({@code label()} is the type).
   */
  record EdgePropertyIndex(String label, List<String> properties) implements SchemaItem {
    /** Keeps the order; refuses no or repeated properties. */
    public EdgePropertyIndex {
      properties = distinctInOrder(properties, 1, "a relationship property index");
    }
  }

  /**
   * No two vertices with the label have equal values for all of the properties (vertices missing
   * any of them are not constrained). Properties are kept sorted and unique.
   */
  record UniqueConstraint(String label, List<String> properties) implements SchemaItem {
    /** Sorts and de-duplicates the property names. */
    public UniqueConstraint {
      if (properties.isEmpty()) {
        throw new IllegalArgumentException("a unique constraint needs at least one property");
      }
      properties = List.copyOf(new TreeSet<>(properties));
    }
  }

  /** Every vertex with the label has the property. */
  record ExistenceConstraint(String label, String property) implements SchemaItem {}

  /**
   * A node key: every vertex with the label has all of the properties, and no two have equal values
   * for all of them. Properties are kept sorted and unique.
   */
  record NodeKeyConstraint(String label, List<String> properties) implements SchemaItem {
    /** Sorts and de-duplicates the property names. */
    public NodeKeyConstraint {
      if (properties.isEmpty()) {
        throw new IllegalArgumentException("a node key constraint needs at least one property");
      }
      properties = List.copyOf(new TreeSet<>(properties));
    }

    /** The uniqueness half of the key. */
    public UniqueConstraint unique() {
      return new UniqueConstraint(label, properties);
    }
  }

  /**
   * A property type constraint: every vertex with the label (or every edge of the type, when
   * {@code relationship}) that has the property holds a value of one of the types (a missing
   * property is allowed). The types are {@link PropertyType} names, kept in Neo4j's order without
   * repeats, so {@code INTEGER | FLOAT} and {@code FLOAT | INTEGER} are the same constraint.
   */
  record PropertyTypeConstraint(String label, boolean relationship, String property, List<String> types)
      implements SchemaItem {
    /** Orders the types; refuses none and a name that is not a {@link PropertyType}. */
    public PropertyTypeConstraint {
      if (types.isEmpty()) {
        throw new IllegalArgumentException("a property type constraint needs a type");
      }
      for (String t : types) {
        if (PropertyType.rank(t) < 0) {
          throw new IllegalArgumentException("a property type constraint cannot require type " + t);
        }
      }
      types = types.stream().distinct().sorted(java.util.Comparator.comparingInt(PropertyType::rank)).toList();
    }

    /** The types as Neo4j writes them: {@code INTEGER | FLOAT}. */
    public String typeText() {
      return String.join(" | ", types);
    }

    /** Whether the property may hold the value (null, a missing property, always may). */
    public boolean allows(Object value) {
      return value == null || types.stream().anyMatch(t -> PropertyType.matches(t, value));
    }

    /**
     * Neo4j's text for a node (or relationship) whose property holds a value the constraint does not allow:
     * {@code Node(7) with label `Person` required the property `age` to be of type `INTEGER`, but was of type
     * `STRING`.}
     */
    public String violation(long id, Object value) {
      return (relationship ? "Relationship(" + id + ") with type `" : "Node(" + id + ") with label `") + label
          + "` required the property `" + property + "` to be of type `" + typeText() + "`, but was of type `"
          + PropertyType.of(value) + "`.";
    }

    /**
     * Neo4j's text for existing data that keeps the constraint from being created:
     * {@code Node(7) property `age` is of type `STRING`.}
     */
    public String existingViolation(long id, Object value) {
      return (relationship ? "Relationship(" : "Node(") + id + ") property `" + property + "` is of type `"
          + PropertyType.of(value) + "`.";
    }
  }

  /**
   * A vector index of the vertices with a label (or the edges of a type) by a property holding a
   * list of numbers: the definition only. The query engine keeps the search structure; the
   * dimensions and similarity function say which values are candidates and how they are scored.
   *
   * @param dimensions the length every candidate vector has, or 0 for any length
   * @param similarity {@link #COSINE} or {@link #EUCLIDEAN}
   * @param relationships whether {@code label} is a relationship type (an index of edges)
   */
  record VectorIndex(String label, String property, int dimensions, String similarity, boolean relationships)
      implements SchemaItem {
    /** Cosine similarity. */
    public static final String COSINE = "cosine";
    /** Euclidean similarity. */
    public static final String EUCLIDEAN = "euclidean";
    /** The most dimensions an index may have (as Neo4j allows). */
    public static final int MAX_DIMENSIONS = 4096;

    /** Refuses dimensions outside 0..4096 (0: any) and a similarity function other than cosine or euclidean. */
    public VectorIndex {
      if (dimensions < 0 || dimensions > MAX_DIMENSIONS) {
        throw new IllegalArgumentException("a vector index has 1 to " + MAX_DIMENSIONS + " dimensions (0: any), not "
            + dimensions);
      }
      if (!COSINE.equals(similarity) && !EUCLIDEAN.equals(similarity)) {
        throw new IllegalArgumentException("a vector index's similarity function is 'cosine' or 'euclidean', not '"
            + similarity + "'");
      }
    }

    /** A vector index of the vertices with a label. */
    public VectorIndex(String label, String property, int dimensions, String similarity) {
      this(label, property, dimensions, similarity, false);
    }
  }

  /**
   * A full-text index of the vertices with any of some labels (or the edges of any of some types)
   * by the words of some STRING properties: the definition only. Nothing is built; a query scans
   * the entities and analyses their text with the named analyzer (which the query engine knows).
   * {@code label()} is the first label or type.
   *
   * @param relationships whether the labels are relationship types (an index of edges)
   * @param properties the indexed properties in order, or none for every property (Memgraph's
   *     {@code CREATE TEXT INDEX name ON :Label})
   * @param eventuallyConsistent Neo4j's {@code fulltext.eventually_consistent}, kept to be shown
   *     again: a scan always sees the transaction's data
   */
  record FulltextIndex(List<String> labels, boolean relationships, List<String> properties, String analyzer,
      boolean eventuallyConsistent) implements SchemaItem {
    /** Keeps the orders; refuses no or repeated labels, repeated properties and an empty analyzer name. */
    public FulltextIndex {
      labels = distinctInOrder(labels, 1, "a full-text index", relationships ? "relationship type" : "label");
      properties = distinctInOrder(properties, 0, "a full-text index", "property");
      if (analyzer == null || analyzer.isEmpty()) {
        throw new IllegalArgumentException("a full-text index needs an analyzer");
      }
    }

    @Override
    public String label() {
      return labels.get(0);
    }
  }

  /** Whether the item is an index (else a constraint). */
  static boolean isIndex(SchemaItem item) {
    return item instanceof LabelIndex || item instanceof LabelPropertyIndex || item instanceof CompositeIndex
        || item instanceof EdgePropertyIndex || item instanceof VectorIndex || item instanceof FulltextIndex;
  }

  /**
   * Whether two items are the same schema: equal, two vector indexes of the same entities, label
   * (or type) and property (there is one per label and property whatever its configuration, as in
   * Neo4j), or
   * two full-text indexes of the same entities, labels (or types) and properties in any order,
   * whatever their analyzers, or two property type constraints of the same entities, label and
   * property (one property has one type constraint, as in Neo4j and Memgraph), whatever their types.
   */
  static boolean sameSchema(SchemaItem a, SchemaItem b) {
    return a.equals(b) || a instanceof VectorIndex v && b instanceof VectorIndex w && v.label().equals(w.label())
        && v.property().equals(w.property()) && v.relationships() == w.relationships()
        || a instanceof PropertyTypeConstraint t && b instanceof PropertyTypeConstraint u
        && t.relationship() == u.relationship() && t.label().equals(u.label()) && t.property().equals(u.property())
        || a instanceof FulltextIndex f && b instanceof FulltextIndex g && f.relationships() == g.relationships()
        && new HashSet<>(f.labels()).equals(new HashSet<>(g.labels()))
        && new HashSet<>(f.properties()).equals(new HashSet<>(g.properties()));
  }

  /**
   * The name an item gets when its statement names none: {@code index_} or {@code constraint_}
   * and eight hex digits of a checksum of its description, so the same item always gets the same
   * name (as Neo4j names them).
   */
  static String defaultName(SchemaItem item) {
    CRC32 crc = new CRC32();
    crc.update(describe(item).getBytes(StandardCharsets.UTF_8));
    return (isIndex(item) ? "index_" : "constraint_") + String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  /** A one-line description for messages, e.g. {@code index on :Person(name)}. */
  static String describe(SchemaItem item) {
    if (item instanceof LabelIndex i) {
      return "index on :" + i.label();
    } else if (item instanceof LabelPropertyIndex i) {
      return "index on :" + i.label() + "(" + i.property() + ")";
    } else if (item instanceof CompositeIndex i) {
      return "index on :" + i.label() + "(" + String.join(", ", i.properties()) + ")";
    } else if (item instanceof VectorIndex i) {
      // a node index keeps the description (and so the default name) it always had
      return "vector index on " + (i.relationships() ? "relationships " : "") + ":" + i.label() + "("
          + i.property() + ")";
    } else if (item instanceof FulltextIndex i) {
      String props = i.properties().isEmpty() ? "" : "(" + String.join(", ", i.properties()) + ")";
      return "full-text index on " + (i.relationships() ? "relationships " : "") + ":" + String.join("|", i.labels())
          + props;
    } else if (item instanceof EdgePropertyIndex i) {
      return "relationship index on :" + i.label() + "(" + String.join(", ", i.properties()) + ")";
    } else if (item instanceof UniqueConstraint u) {
      return "unique constraint on :" + u.label() + "(" + String.join(", ", u.properties()) + ")";
    } else if (item instanceof NodeKeyConstraint k) {
      return "node key constraint on :" + k.label() + "(" + String.join(", ", k.properties()) + ")";
    } else if (item instanceof PropertyTypeConstraint t) {
      return "property type constraint on " + (t.relationship() ? "relationships " : "") + ":" + t.label() + "("
          + t.property() + ") IS :: " + t.typeText();
    }
    ExistenceConstraint e = (ExistenceConstraint) item;
    return "existence constraint on :" + e.label() + "(" + e.property() + ")";
  }

  private static List<String> distinctInOrder(List<String> properties, int min, String what) {
    if (properties.size() < min) {
      throw new IllegalArgumentException(what + " needs at least " + min + " propert" + (min == 1 ? "y" : "ies"));
    }
    return distinctInOrder(properties, min, what, "property");
  }

  private static List<String> distinctInOrder(List<String> names, int min, String what, String kind) {
    if (names.size() < min) {
      throw new IllegalArgumentException(what + " needs at least " + min + " " + kind);
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException(what + " names a " + kind + " twice: " + names);
    }
    return List.copyOf(names);
  }
}
