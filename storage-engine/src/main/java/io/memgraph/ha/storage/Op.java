package io.memgraph.ha.storage;

import java.util.List;

/**
 * One delta of a write set, in the order the transaction made it. Fields are used per code: ids in
 * {@code a}/{@code b}/{@code c}, a label, type or property name in {@code name}, a value in
 * {@code value}, schema names in {@code names}. User ops carry the user name in {@code name}, the
 * {@link io.memgraph.ha.storage.auth.Credential} in {@code value} and {@link #IF_FLAG} in {@code a}.
 */
record Op(int code, long a, long b, long c, String name, Object value, List<String> names) {
  static final int CREATE_VERTEX = 1;
  static final int DELETE_VERTEX = 2;
  static final int ADD_LABEL = 3;
  static final int REMOVE_LABEL = 4;
  static final int SET_VERTEX_PROPERTY = 5;
  static final int CREATE_EDGE = 6;
  static final int DELETE_EDGE = 7;
  static final int SET_EDGE_PROPERTY = 8;
  static final int CREATE_SCHEMA = 20;
  static final int DROP_SCHEMA = 21;
  static final int CREATE_USER = 30;
  static final int SET_PASSWORD = 31;
  static final int DROP_USER = 32;

  /** The entity name that marks a schema item of relationships. */
  static final String RELATIONSHIP = "RELATIONSHIP";

  /** In {@code a} of CREATE_USER: IF NOT EXISTS; of DROP_USER: IF EXISTS. */
  static final long IF_FLAG = 1;
  /** The longest user name, in characters. */
  static final int MAX_USER_NAME = 128;

  static final int S_LABEL_INDEX = 1;
  static final int S_LABEL_PROPERTY_INDEX = 2;
  static final int S_UNIQUE = 3;
  static final int S_EXISTENCE = 4;

  static final int S_COMPOSITE_INDEX = 5;
  static final int S_EDGE_INDEX = 6;
  static final int S_NODE_KEY = 7;
  /**
   * Names: label (or type), property, dimensions (decimal, 0: any), similarity function, and for an
   * index of relationships a fifth, {@code RELATIONSHIP}. A node index has the four names it always
   * had, so write sets and snapshots written before relationship indexes existed read as node
   * indexes, and builds from before read what this one writes of node indexes.
   */
  static final int S_VECTOR_INDEX = 8;
  /**
   * Names: {@code NODE} or {@code RELATIONSHIP}, analyzer, eventually consistent ({@code true} or
   * {@code false}), the number of labels (decimal), the labels (or types), the properties.
   */
  static final int S_FULLTEXT_INDEX = 9;
  /**
   * Names: label (or type), property, {@code NODE} or {@code RELATIONSHIP}, the types (one or
   * more {@link PropertyType} names).
   */
  static final int S_PROPERTY_TYPE = 10;

  /**
   * A schema op: the kind in {@code a}, {@link #IF_FLAG} in {@code b} (create: IF NOT EXISTS, drop:
   * IF EXISTS), the item's name in {@code name} (null in write sets of format 1 and for a drop),
   * the label (or type) and properties in {@code names}.
   */
  static Op schema(boolean create, SchemaItem item, String schemaName, boolean conditional) {
    int code = create ? CREATE_SCHEMA : DROP_SCHEMA;
    long flags = conditional ? IF_FLAG : 0;
    List<String> n = new java.util.ArrayList<>();
    int kind;
    if (item instanceof SchemaItem.FulltextIndex f) {
      n.add(f.relationships() ? RELATIONSHIP : "NODE");
      n.add(f.analyzer());
      n.add(Boolean.toString(f.eventuallyConsistent()));
      n.add(Integer.toString(f.labels().size()));
      n.addAll(f.labels());
      n.addAll(f.properties());
      return new Op(code, S_FULLTEXT_INDEX, flags, 0, schemaName, null, List.copyOf(n));
    }
    n.add(item.label());
    if (item instanceof SchemaItem.LabelIndex) {
      kind = S_LABEL_INDEX;
    } else if (item instanceof SchemaItem.LabelPropertyIndex i) {
      kind = S_LABEL_PROPERTY_INDEX;
      n.add(i.property());
    } else if (item instanceof SchemaItem.UniqueConstraint u) {
      kind = S_UNIQUE;
      n.addAll(u.properties());
    } else if (item instanceof SchemaItem.ExistenceConstraint e) {
      kind = S_EXISTENCE;
      n.add(e.property());
    } else if (item instanceof SchemaItem.CompositeIndex c) {
      kind = S_COMPOSITE_INDEX;
      n.addAll(c.properties());
    } else if (item instanceof SchemaItem.EdgePropertyIndex e) {
      kind = S_EDGE_INDEX;
      n.addAll(e.properties());
    } else if (item instanceof SchemaItem.NodeKeyConstraint k) {
      kind = S_NODE_KEY;
      n.addAll(k.properties());
    } else if (item instanceof SchemaItem.PropertyTypeConstraint t) {
      kind = S_PROPERTY_TYPE;
      n.add(t.property());
      n.add(t.relationship() ? RELATIONSHIP : "NODE");
      n.addAll(t.types());
    } else if (item instanceof SchemaItem.VectorIndex v) {
      kind = S_VECTOR_INDEX;
      n.add(v.property());
      n.add(Integer.toString(v.dimensions()));
      n.add(v.similarity());
      if (v.relationships()) {
        n.add(RELATIONSHIP);
      }
    } else {
      throw new IllegalArgumentException("unknown schema item " + item);
    }
    return new Op(code, kind, flags, 0, schemaName, null, List.copyOf(n));
  }

  static Op schema(boolean create, SchemaItem item) {
    return schema(create, item, null, false);
  }

  static Op user(int code, String name, io.memgraph.ha.storage.auth.Credential credential, boolean conditional) {
    return new Op(code, conditional ? IF_FLAG : 0, 0, 0, checkUserName(name), credential, null);
  }

  static String checkUserName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_USER_NAME) {
      throw new IllegalArgumentException("a user name must have 1 to " + MAX_USER_NAME + " characters");
    }
    return name;
  }

  boolean conditional() {
    return (a & IF_FLAG) != 0;
  }

  /** Whether a schema op is conditional (IF NOT EXISTS / IF EXISTS). */
  boolean schemaConditional() {
    return (b & IF_FLAG) != 0;
  }

  /** The names of a schema op that are labels, types or property keys of the graph (not configuration). */
  List<String> graphNames() {
    if (a == S_VECTOR_INDEX || a == S_PROPERTY_TYPE) {
      return names.subList(0, Math.min(2, names.size()));
    }
    return a == S_FULLTEXT_INDEX ? names.subList(Math.min(4, names.size()), names.size()) : names;
  }

  /** The schema item of a schema op; a kind or name count out of format (from a write set or snapshot) is malformed. */
  SchemaItem schemaItem() {
    if (a == S_FULLTEXT_INDEX) {
      return fulltextItem();
    }
    if (a == S_VECTOR_INDEX) {
      return vectorItem();
    }
    if (a == S_PROPERTY_TYPE) {
      return propertyTypeItem();
    }
    int needed = switch ((int) a) {
      case S_LABEL_INDEX -> 1;
      case S_LABEL_PROPERTY_INDEX, S_UNIQUE, S_EXISTENCE, S_EDGE_INDEX, S_NODE_KEY -> 2;
      case S_COMPOSITE_INDEX -> 3;
      default -> throw new MalformedDataException("unknown schema kind " + a);
    };
    boolean listed = a == S_UNIQUE || a == S_COMPOSITE_INDEX || a == S_EDGE_INDEX || a == S_NODE_KEY;
    if (names.size() < needed || (!listed && names.size() != needed)) {
      throw new MalformedDataException("schema item of kind " + a + " with " + names.size() + " names");
    }
    List<String> props = names.subList(1, names.size());
    try {
      return switch ((int) a) {
        case S_LABEL_INDEX -> new SchemaItem.LabelIndex(names.get(0));
        case S_LABEL_PROPERTY_INDEX -> new SchemaItem.LabelPropertyIndex(names.get(0), names.get(1));
        case S_UNIQUE -> new SchemaItem.UniqueConstraint(names.get(0), props);
        case S_EXISTENCE -> new SchemaItem.ExistenceConstraint(names.get(0), names.get(1));
        case S_COMPOSITE_INDEX -> new SchemaItem.CompositeIndex(names.get(0), props);
        case S_EDGE_INDEX -> new SchemaItem.EdgePropertyIndex(names.get(0), props);
        case S_NODE_KEY -> new SchemaItem.NodeKeyConstraint(names.get(0), props);
        default -> throw new MalformedDataException("unknown schema kind " + a);
      };
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("schema item of kind " + a + ": " + e.getMessage());
    }
  }

  private SchemaItem vectorItem() {
    if (names.size() != 4 && (names.size() != 5 || !names.get(4).equals(RELATIONSHIP))) {
      throw new MalformedDataException("vector index item with names " + names);
    }
    try {
      return new SchemaItem.VectorIndex(names.get(0), names.get(1), Integer.parseInt(names.get(2)), names.get(3),
          names.size() == 5);
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("schema item of kind " + a + ": " + e.getMessage());
    }
  }

  private SchemaItem propertyTypeItem() {
    if (names.size() < 4 || !names.get(2).equals("NODE") && !names.get(2).equals(RELATIONSHIP)) {
      throw new MalformedDataException("property type constraint item with names " + names);
    }
    try {
      return new SchemaItem.PropertyTypeConstraint(names.get(0), names.get(2).equals(RELATIONSHIP), names.get(1),
          names.subList(3, names.size()));
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("schema item of kind " + a + ": " + e.getMessage());
    }
  }

  private SchemaItem fulltextItem() {
    if (names.size() < 5 || !names.get(0).equals("NODE") && !names.get(0).equals(RELATIONSHIP)
        || !names.get(2).equals("true") && !names.get(2).equals("false")) {
      throw new MalformedDataException("full-text index item with names " + names);
    }
    try {
      int labels = Integer.parseInt(names.get(3));
      if (labels < 1 || 4 + labels > names.size()) {
        throw new MalformedDataException("full-text index item with " + labels + " labels in " + names);
      }
      return new SchemaItem.FulltextIndex(names.subList(4, 4 + labels), names.get(0).equals(RELATIONSHIP),
          names.subList(4 + labels, names.size()), names.get(1), Boolean.parseBoolean(names.get(2)));
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("schema item of kind " + a + ": " + e.getMessage());
    }
  }
}
