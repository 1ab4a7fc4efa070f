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

  /** In {@code a} of CREATE_USER: IF NOT EXISTS; of DROP_USER: IF EXISTS. */
  static final long IF_FLAG = 1;
  /** The longest user name, in characters. */
  static final int MAX_USER_NAME = 128;

  static final int S_LABEL_INDEX = 1;
  static final int S_LABEL_PROPERTY_INDEX = 2;
  static final int S_UNIQUE = 3;
  static final int S_EXISTENCE = 4;

  static Op schema(boolean create, SchemaItem item) {
    int code = create ? CREATE_SCHEMA : DROP_SCHEMA;
    if (item instanceof SchemaItem.LabelIndex li) {
      return new Op(code, S_LABEL_INDEX, 0, 0, null, null, List.of(li.label()));
    } else if (item instanceof SchemaItem.LabelPropertyIndex i) {
      return new Op(code, S_LABEL_PROPERTY_INDEX, 0, 0, null, null, List.of(i.label(), i.property()));
    } else if (item instanceof SchemaItem.UniqueConstraint u) {
      java.util.ArrayList<String> n = new java.util.ArrayList<>();
      n.add(u.label());
      n.addAll(u.properties());
      return new Op(code, S_UNIQUE, 0, 0, null, null, List.copyOf(n));
    } else if (item instanceof SchemaItem.ExistenceConstraint e) {
      return new Op(code, S_EXISTENCE, 0, 0, null, null, List.of(e.label(), e.property()));
    }
    throw new IllegalArgumentException("unknown schema item " + item);
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

  /** The schema item of a schema op; a kind or name count out of format (from a write set or snapshot) is malformed. */
  SchemaItem schemaItem() {
    int needed = switch ((int) a) {
      case S_LABEL_INDEX -> 1;
      case S_LABEL_PROPERTY_INDEX, S_UNIQUE, S_EXISTENCE -> 2;
      default -> throw new MalformedDataException("unknown schema kind " + a);
    };
    if (names.size() < needed || (a != S_UNIQUE && names.size() != needed)) {
      throw new MalformedDataException("schema item of kind " + a + " with " + names.size() + " names");
    }
    return switch ((int) a) {
      case S_LABEL_INDEX -> new SchemaItem.LabelIndex(names.get(0));
      case S_LABEL_PROPERTY_INDEX -> new SchemaItem.LabelPropertyIndex(names.get(0), names.get(1));
      case S_UNIQUE -> new SchemaItem.UniqueConstraint(names.get(0), names.subList(1, names.size()));
      case S_EXISTENCE -> new SchemaItem.ExistenceConstraint(names.get(0), names.get(1));
      default -> throw new MalformedDataException("unknown schema kind " + a);
    };
  }
}
