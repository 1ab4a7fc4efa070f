package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Builds a fresh {@link Graph} from a snapshot. The container is verified completely before any
 * record is built, and the graph is only returned when every check passed, so a bad file never
 * yields a partial graph.
 */
final class SnapshotReader {
  private SnapshotReader() {}

  static Graph read(InputStream in, String source) throws SnapshotFormatException {
    SnapshotFormat.Content content = SnapshotFormat.readContent(in, source);
    try {
      return build(new ByteReader(content.bytes()), content.version());
    } catch (MalformedDataException | IllegalArgumentException | IllegalStateException e) {
      throw new SnapshotFormatException(source + ": corrupt snapshot content: " + e.getMessage(), e);
    }
  }

  private static Graph build(ByteReader r, int version) {
    Graph g = new Graph();
    long index = r.readVarLong();
    int nameCount = r.readCount();
    for (int i = 0; i < nameCount; i++) {
      String n = r.readString();
      if (g.names.intern(n, 0) != i) {
        throw new MalformedDataException("duplicate name '" + n + "'");
      }
    }
    int items = r.readCount();
    List<Op> schemaOps = new ArrayList<>();
    List<String> schemaNames = new ArrayList<>();
    long[] schemaIds = new long[items];
    for (int i = 0; i < items; i++) {
      String schemaName = null;
      // Versions before 3 kept neither ids nor names: ids count from 1, names are derived.
      schemaIds[i] = i + 1;
      if (version >= 3) {
        schemaIds[i] = r.readVarLong();
        schemaName = r.readString();
        if (schemaIds[i] <= 0 || schemaName.isEmpty() || schemaNames.contains(schemaName)) {
          throw new MalformedDataException("schema item " + i + " has id " + schemaIds[i] + " and name '"
              + schemaName + "'");
        }
      }
      int kind = r.readByte();
      int n = r.readCount();
      String[] ns = new String[n];
      for (int k = 0; k < n; k++) {
        ns[k] = r.readString();
      }
      Op op = new Op(Op.CREATE_SCHEMA, kind, 0, 0, null, null, Arrays.asList(ns));
      SchemaItem item = op.schemaItem();
      schemaOps.add(op);
      schemaNames.add(schemaName != null ? schemaName : SchemaItem.defaultName(item));
    }
    long id = -1;
    long vertices = 0;
    int[][] singleLabels = new int[nameCount][];
    List<VertexRecord> vertexList = new ArrayList<>();
    while (true) {
      int tag = r.readByte();
      if (tag == SnapshotWriter.TAG_END) {
        break;
      }
      id = nextId(r, id);
      if (tag == SnapshotWriter.TAG_TOMBSTONE) {
        g.vertices.setTombstone(id);
        continue;
      }
      if (tag != SnapshotWriter.TAG_OBJECT) {
        throw new MalformedDataException("bad vertex tag " + tag + " at byte " + (r.position() - 1));
      }
      VertexRecord v = new VertexRecord(id);
      v.stamp(r.readVarLong());
      int nl = r.readCount();
      int[] labels = new int[nl];
      for (int k = 0; k < nl; k++) {
        labels[k] = nameRef(r, nameCount);
        if (k > 0 && labels[k] <= labels[k - 1]) {
          throw new MalformedDataException("labels of vertex " + id + " not sorted");
        }
      }
      if (nl == 1) {
        int[] shared = singleLabels[labels[0]];
        labels = shared != null ? shared : (singleLabels[labels[0]] = labels);
      }
      v.labels = nl == 0 ? VertexRecord.NO_LABELS : labels;
      v.props = g.smallBlobs.share(readBlob(r, nameCount));
      g.vertices.set(id, v);
      vertexList.add(v);
      for (int l : v.labels) {
        g.labelCounts.merge(l, 1L, Long::sum);
      }
      vertices++;
    }
    List<EdgeRecord> edgeList = new ArrayList<>();
    id = -1;
    while (true) {
      int tag = r.readByte();
      if (tag == SnapshotWriter.TAG_END) {
        break;
      }
      id = nextId(r, id);
      if (tag == SnapshotWriter.TAG_TOMBSTONE) {
        g.edges.setTombstone(id);
        continue;
      }
      if (tag != SnapshotWriter.TAG_OBJECT) {
        throw new MalformedDataException("bad edge tag " + tag + " at byte " + (r.position() - 1));
      }
      long stamp = r.readVarLong();
      VertexRecord from = g.vertices.get(r.readVarLong());
      VertexRecord to = g.vertices.get(r.readVarLong());
      if (from == null || to == null) {
        throw new MalformedDataException("edge " + id + " refers to a missing vertex");
      }
      EdgeRecord e = new EdgeRecord(id, from, to, nameRef(r, nameCount));
      e.stamp(stamp);
      e.props = g.smallBlobs.share(readBlob(r, nameCount));
      g.edges.set(id, e);
      edgeList.add(e);
      // Degrees are counted in the records, not in arrays indexed by vertex id: ids come from the
      // file, and a huge one must not size an allocation.
      from.outCount++;
      to.inCount++;
    }
    long expectedVertices = r.readVarLong();
    long expectedEdges = r.readVarLong();
    if (expectedVertices != vertices || expectedEdges != edgeList.size()) {
      throw new MalformedDataException("object counts do not match the records");
    }
    if (version >= 2) {
      readUsers(r, g, index);
    }
    if (r.hasRemaining()) {
      throw new MalformedDataException(r.remaining() + " bytes after the last section");
    }
    // Exact-size adjacency arrays, filled in edge id order so they come out sorted.
    for (EdgeRecord e : edgeList) {
      VertexRecord f = e.from;
      if (f.out == VertexRecord.NO_EDGES) {
        f.out = new EdgeRecord[f.outCount];
        f.outCount = 0;
      }
      f.out[f.outCount++] = e;
      VertexRecord t = e.to;
      if (t.in == VertexRecord.NO_EDGES) {
        t.in = new EdgeRecord[t.inCount];
        t.inCount = 0;
      }
      t.in[t.inCount++] = e;
    }
    g.vertexCount = vertices;
    g.edgeCount = edgeList.size();
    g.lastApplied = index;
    g.nextVertexId.set(g.vertices.limit());
    g.nextEdgeId.set(g.edges.limit());
    Applier applier = g.applier;
    for (int i = 0; i < schemaOps.size(); i++) {
      applier.installSchema(schemaOps.get(i), 0, schemaNames.get(i), schemaIds[i]);
    }
    for (UniqueIndex ui : g.uniqueConstraints.values()) {
      long holders = 0;
      for (VertexRecord v : vertexList) {
        if (applier.uniqueKey(ui, v.labels, v.props) != null) {
          holders++;
        }
      }
      if (holders != ui.owners.size()) {
        throw new MalformedDataException("data violates " + SchemaItem.describe(ui.constraint));
      }
    }
    return g;
  }

  /** Format 2: {@code count:varint, (name:string credential)*} in ascending name order. */
  private static void readUsers(ByteReader r, Graph g, long index) {
    int count = r.readCount();
    TreeMap<String, Credential> users = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < count; i++) {
      String name = r.readString();
      if (previous != null && name.compareTo(previous) <= 0) {
        throw new MalformedDataException("users not in ascending order at '" + name + "'");
      }
      try {
        Op.checkUserName(name);
      } catch (IllegalArgumentException e) {
        throw new MalformedDataException("user " + i + ": " + e.getMessage());
      }
      users.put(name, CredentialCodec.read(r));
      previous = name;
    }
    if (!users.isEmpty()) {
      g.users.install(index, users);
    }
  }

  private static long nextId(ByteReader r, long prev) {
    long delta = r.readVarLong();
    if (delta <= 0 || prev + delta < 0 || prev + delta > (1L << 40)) {
      throw new MalformedDataException("bad id delta " + delta + " at byte " + r.position());
    }
    return prev + delta;
  }

  private static int nameRef(ByteReader r, int nameCount) {
    int n = r.readVarInt();
    if (n >= nameCount) {
      throw new MalformedDataException("name id " + n + " out of range at byte " + r.position());
    }
    return n;
  }

  private static byte[] readBlob(ByteReader r, int nameCount) {
    int len = r.readVarInt();
    if (len == 0) {
      return null;
    }
    byte[] blob = r.readBytes(len);
    PropertyBlob.validate(blob, nameCount);
    return blob;
  }
}
