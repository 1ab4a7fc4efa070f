package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one transaction in their replicated form: a compact binary encoding that carries a
 * format version, the snapshot index the transaction read at, and its deltas in order with the ids
 * it allocated and names (not numeric ids) for labels, types and properties, so every node interns
 * them identically when it applies the write set.
 *
 * <p>Layout: {@code version:u8, snapshotIndex:varint, nameCount:varint, names:(len:varint utf8)*,
 * opCount:varint, ops*}; an op is a code byte then its fields (ids as varints, names as indexes into
 * the name list, values in the storage value encoding). A user op is its flags byte, the user name
 * (an index into the name list) and, except for a drop, the credential ({@code CredentialCodec}).
 */
public final class WriteSet {
  /** The format version this build writes. */
  public static final int FORMAT_VERSION = 2;
  /** The oldest format version this build still reads. */
  public static final int OLDEST_READABLE = 1;

  private final byte[] bytes;
  private final long snapshotIndex;
  private final int operationCount;

  private WriteSet(byte[] bytes, long snapshotIndex, int operationCount) {
    this.bytes = bytes;
    this.snapshotIndex = snapshotIndex;
    this.operationCount = operationCount;
  }

  /**
   * Wraps bytes received from the log. Only the header is read here; {@code apply} decodes the rest
   * and rejects a malformed write set deterministically.
   *
   * @throws IllegalArgumentException if the header is not a write set of a known version
   */
  public static WriteSet fromBytes(byte[] bytes) {
    try {
      ByteReader r = new ByteReader(bytes);
      int version = r.readByte();
      if (version < OLDEST_READABLE || version > FORMAT_VERSION) {
        throw new IllegalArgumentException("write set format version " + version + " is not supported (this build"
            + " reads versions " + OLDEST_READABLE + " to " + FORMAT_VERSION + ")");
      }
      long snapshot = r.readVarLong();
      int names = r.readCount();
      for (int i = 0; i < names; i++) {
        r.skip(r.readVarInt());
      }
      return new WriteSet(bytes.clone(), snapshot, r.readVarInt());
    } catch (MalformedDataException e) {
      throw new IllegalArgumentException("malformed write set header: " + e.getMessage(), e);
    }
  }

  /** The encoded form (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Size of the encoded form in bytes. */
  public int size() {
    return bytes.length;
  }

  /** The last applied index the transaction read at; commits after it conflict with this one. */
  public long snapshotIndex() {
    return snapshotIndex;
  }

  /** Number of deltas. */
  public int operationCount() {
    return operationCount;
  }

  /** Whether the transaction changed nothing. */
  public boolean isEmpty() {
    return operationCount == 0;
  }

  byte[] rawBytes() {
    return bytes;
  }

  static WriteSet encode(long snapshotIndex, List<Op> ops) {
    Map<String, Integer> nameIds = new HashMap<>();
    List<String> names = new ArrayList<>();
    ByteWriter body = new ByteWriter(64 + ops.size() * 16);
    body.writeVarInt(ops.size());
    for (Op op : ops) {
      body.writeByte(op.code());
      switch (op.code()) {
        case Op.CREATE_VERTEX, Op.DELETE_VERTEX, Op.DELETE_EDGE -> body.writeVarLong(op.a());
        case Op.ADD_LABEL, Op.REMOVE_LABEL -> {
          body.writeVarLong(op.a());
          body.writeVarInt(nameRef(op.name(), nameIds, names));
        }
        case Op.SET_VERTEX_PROPERTY, Op.SET_EDGE_PROPERTY -> {
          body.writeVarLong(op.a());
          body.writeVarInt(nameRef(op.name(), nameIds, names));
          ValueCodec.write(body, op.value());
        }
        case Op.CREATE_EDGE -> {
          body.writeVarLong(op.a());
          body.writeVarLong(op.b());
          body.writeVarLong(op.c());
          body.writeVarInt(nameRef(op.name(), nameIds, names));
        }
        case Op.CREATE_SCHEMA, Op.DROP_SCHEMA -> {
          body.writeByte((int) op.a());
          body.writeByte((int) op.b());
          body.writeVarInt(op.name() == null ? 0 : nameRef(op.name(), nameIds, names) + 1);
          body.writeVarInt(op.names().size());
          for (String n : op.names()) {
            body.writeVarInt(nameRef(n, nameIds, names));
          }
        }
        case Op.CREATE_USER, Op.SET_PASSWORD, Op.DROP_USER -> {
          body.writeByte((int) op.a());
          body.writeVarInt(nameRef(op.name(), nameIds, names));
          if (op.code() != Op.DROP_USER) {
            CredentialCodec.write(body, (Credential) op.value());
          }
        }
        default -> throw new IllegalStateException("unknown op code " + op.code());
      }
    }
    ByteWriter out = new ByteWriter(body.size() + 16 + names.size() * 8);
    out.writeByte(FORMAT_VERSION);
    out.writeVarLong(snapshotIndex);
    out.writeVarInt(names.size());
    for (String n : names) {
      out.writeString(n);
    }
    out.writeBytes(body.buffer(), 0, body.size());
    return new WriteSet(out.toArray(), snapshotIndex, ops.size());
  }

  private static int nameRef(String name, Map<String, Integer> ids, List<String> names) {
    Integer id = ids.get(name);
    if (id == null) {
      id = names.size();
      ids.put(name, id);
      names.add(name);
    }
    return id;
  }

  /** Decodes the deltas; throws {@link MalformedDataException} on anything out of format. */
  List<Op> decodeOps() {
    ByteReader r = new ByteReader(bytes);
    int version = r.readByte();
    r.readVarLong();
    int nameCount = r.readCount();
    String[] names = new String[nameCount];
    for (int i = 0; i < nameCount; i++) {
      names[i] = r.readString();
    }
    int count = r.readCount();
    List<Op> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int code = r.readByte();
      switch (code) {
        case Op.CREATE_VERTEX, Op.DELETE_VERTEX, Op.DELETE_EDGE ->
            ops.add(new Op(code, id(r), 0, 0, null, null, null));
        case Op.ADD_LABEL, Op.REMOVE_LABEL -> ops.add(new Op(code, id(r), 0, 0, name(r, names), null, null));
        case Op.SET_VERTEX_PROPERTY, Op.SET_EDGE_PROPERTY -> {
          long id = id(r);
          String n = name(r, names);
          ops.add(new Op(code, id, 0, 0, n, ValueCodec.read(r), null));
        }
        case Op.CREATE_EDGE -> {
          long id = id(r);
          long from = id(r);
          long to = id(r);
          ops.add(new Op(code, id, from, to, name(r, names), null, null));
        }
        case Op.CREATE_SCHEMA, Op.DROP_SCHEMA -> {
          int kind = r.readByte();
          int flags = 0;
          String schemaName = null;
          if (version >= 2) {
            flags = r.readByte();
            if ((flags & ~Op.IF_FLAG) != 0) {
              throw new MalformedDataException("bad flags " + flags + " of schema op " + i);
            }
            int ref = r.readVarInt();
            if (ref > 0) {
              schemaName = name(r, names, ref - 1);
            }
          }
          int n = r.readCount();
          String[] ns = new String[n];
          for (int k = 0; k < n; k++) {
            ns[k] = name(r, names);
          }
          Op op = new Op(code, kind, flags, 0, schemaName, null, Arrays.asList(ns));
          try {
            op.schemaItem();
          } catch (RuntimeException e) {
            throw new MalformedDataException("bad schema op " + i + ": " + e.getMessage());
          }
          ops.add(op);
        }
        case Op.CREATE_USER, Op.SET_PASSWORD, Op.DROP_USER -> {
          int flags = r.readByte();
          String user = name(r, names);
          Credential credential = code == Op.DROP_USER ? null : CredentialCodec.read(r);
          if ((flags & ~Op.IF_FLAG) != 0 || (code == Op.SET_PASSWORD && flags != 0)) {
            throw new MalformedDataException("bad flags " + flags + " of user op " + i);
          }
          try {
            ops.add(Op.user(code, user, credential, flags != 0));
          } catch (IllegalArgumentException e) {
            throw new MalformedDataException("bad user op " + i + ": " + e.getMessage());
          }
        }
        default -> throw new MalformedDataException("unknown op code " + code + " at op " + i);
      }
    }
    if (r.hasRemaining()) {
      throw new MalformedDataException(r.remaining() + " trailing bytes after the last op");
    }
    return ops;
  }

  private static long id(ByteReader r) {
    long id = r.readVarLong();
    if (id < 0) {
      throw new MalformedDataException("negative id at byte " + r.position());
    }
    return id;
  }

  private static String name(ByteReader r, String[] names) {
    return name(r, names, r.readVarInt());
  }

  private static String name(ByteReader r, String[] names, int i) {
    if (i < 0 || i >= names.length) {
      throw new MalformedDataException("name index " + i + " out of range at byte " + r.position());
    }
    return names[i];
  }

  @Override
  public String toString() {
    return "WriteSet[snapshot=" + snapshotIndex + ", ops=" + operationCount + ", bytes=" + bytes.length + "]";
  }
}
