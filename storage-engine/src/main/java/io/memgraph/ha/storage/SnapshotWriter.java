package io.memgraph.ha.storage;

import io.memgraph.ha.storage.auth.Credential;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the state as of one applied index while the apply thread keeps going: it holds an MVCC
 * read view (so garbage collection keeps what it needs) and writes everything in id order with the
 * interned ids as of that index, so identical states give identical bytes.
 *
 * <p>Content: {@code appliedIndex, names, schema, vertices, edges, counts, users} (users since
 * format version 2: {@code count, (name, credential)*} in name order). Each schema item is
 * {@code id, name, kind, nameCount, names*} (id and name since format version 3). Vertices and edges are
 * tagged entries with delta-coded ids; a tombstone entry records an id that was used and deleted
 * (ids are never reused). Adjacency is not stored: it is rebuilt from the edges.
 */
final class SnapshotWriter {
  static final int TAG_END = 0;
  static final int TAG_OBJECT = 1;
  static final int TAG_TOMBSTONE = 2;

  private SnapshotWriter() {}

  static long write(Graph g, OutputStream out) throws IOException {
    long s = g.openSnapshot();
    try {
      write(g, s, out);
      return s;
    } finally {
      g.closeSnapshot(s);
    }
  }

  /** Writes the state as of {@code s}, a read view the caller opened on {@code g} and closes. */
  static void write(Graph g, long s, OutputStream out) throws IOException {
    SnapshotFormat.ChunkedOutput co = new SnapshotFormat.ChunkedOutput(out);
    ByteWriter w = new ByteWriter(1 << 16);
    w.writeVarLong(s);
    int names = 0;
    while (names < g.names.size() && g.names.internedAt(names) <= s) {
      names++;
    }
    w.writeVarInt(names);
    for (int i = 0; i < names; i++) {
      w.writeString(g.names.name(i));
    }
    int items = 0;
    for (Graph.SchemaEntry e : g.schemaHistory) {
      if (e.createdAt() <= s && e.droppedAt() > s) {
        items++;
      }
    }
    w.writeVarInt(items);
    for (Graph.SchemaEntry e : g.schemaHistory) {
      if (e.createdAt() <= s && e.droppedAt() > s) {
        Op op = Op.schema(true, e.item());
        w.writeVarLong(e.id());
        w.writeString(e.name());
        w.writeByte((int) op.a());
        w.writeVarInt(op.names().size());
        for (String n : op.names()) {
          w.writeString(n);
        }
      }
    }
    long vertexCount = 0;
    long prev = -1;
    long limit = g.vertices.limit();
    for (long id = 0; id < limit; id++) {
      Object raw = g.vertices.raw(id);
      if (raw == null) {
        continue;
      }
      int state = raw == Graph.VERTEX_TOMBSTONE ? Graph.DELETED : Graph.stateAt((VertexRecord) raw, s);
      if (state == Graph.ABSENT) {
        continue;
      }
      w.writeByte(state == Graph.ALIVE ? TAG_OBJECT : TAG_TOMBSTONE);
      w.writeVarLong(id - prev);
      prev = id;
      if (state == Graph.ALIVE) {
        VertexRecord r = (VertexRecord) raw;
        w.writeVarLong(Graph.stampAt(r, s));
        int[] labels = Graph.labelsAt(r, s);
        w.writeVarInt(labels.length);
        for (int l : labels) {
          w.writeVarInt(l);
        }
        writeBlob(w, Graph.propsAt(r, s));
        vertexCount++;
      }
      if (w.size() > 1 << 15) {
        co.write(w);
      }
    }
    w.writeByte(TAG_END);
    long edgeCount = 0;
    prev = -1;
    limit = g.edges.limit();
    for (long id = 0; id < limit; id++) {
      Object raw = g.edges.raw(id);
      if (raw == null) {
        continue;
      }
      int state = raw == Graph.EDGE_TOMBSTONE ? Graph.DELETED : Graph.stateAt((EdgeRecord) raw, s);
      if (state == Graph.ABSENT) {
        continue;
      }
      w.writeByte(state == Graph.ALIVE ? TAG_OBJECT : TAG_TOMBSTONE);
      w.writeVarLong(id - prev);
      prev = id;
      if (state == Graph.ALIVE) {
        EdgeRecord r = (EdgeRecord) raw;
        w.writeVarLong(Graph.stampAt(r, s));
        w.writeVarLong(r.from.id);
        w.writeVarLong(r.to.id);
        w.writeVarInt(r.type);
        writeBlob(w, Graph.propsAt(r, s));
        edgeCount++;
      }
      if (w.size() > 1 << 15) {
        co.write(w);
      }
    }
    w.writeByte(TAG_END);
    w.writeVarLong(vertexCount);
    w.writeVarLong(edgeCount);
    SortedMap<String, Credential> users = g.users.at(s);
    w.writeVarInt(users.size());
    for (Map.Entry<String, Credential> u : users.entrySet()) {
      w.writeString(u.getKey());
      CredentialCodec.write(w, u.getValue());
    }
    co.write(w);
    co.finish();
  }

  private static void writeBlob(ByteWriter w, byte[] blob) {
    if (blob == null) {
      w.writeVarInt(0);
    } else {
      w.writeVarInt(blob.length);
      w.writeBytes(blob, 0, blob.length);
    }
  }
}
