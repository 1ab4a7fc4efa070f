package io.memgraph.ha.bolt.packstream;

import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.Structure;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encoding, decoding and comparison helpers shared by the PackStream tests. */
final class PackStreamTestSupport {

  private PackStreamTestSupport() {
  }

  /** Parses "C9 00 80" into bytes. */
  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  /** Formats bytes as "C9 00 80". */
  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
  }

  static byte[] encode(Object value, StructShape shape) {
    ByteBuf buf = Unpooled.buffer();
    try {
      new PackStreamWriter(buf, shape).writeValue(value);
      byte[] out = new byte[buf.readableBytes()];
      buf.readBytes(out);
      return out;
    } finally {
      buf.release();
    }
  }

  /** Decodes exactly one value from a heap buffer and checks that nothing is left over. */
  static Object decode(byte[] bytes, StructShape shape) {
    return decode(Unpooled.wrappedBuffer(bytes), bytes, shape);
  }

  /** Decodes exactly one value from a direct buffer (no backing array, as on the network path). */
  static Object decodeDirect(byte[] bytes, StructShape shape) {
    ByteBuf direct = Unpooled.directBuffer(bytes.length);
    direct.writeBytes(bytes);
    return decode(direct, bytes, shape);
  }

  private static Object decode(ByteBuf buf, byte[] bytes, StructShape shape) {
    try {
      PackStreamReader reader = new PackStreamReader(buf, shape);
      Object value = reader.readValue();
      if (reader.hasRemaining()) {
        throw new AssertionError(buf.readableBytes() + " bytes left after decoding " + hex(bytes));
      }
      return value;
    } finally {
      buf.release();
    }
  }

  /**
   * What a value should look like after a write/read round trip in {@code shape}, in a form whose
   * {@code equals} compares content (byte arrays become {@link ByteBuffer}s, which compare by content).
   */
  static Object expected(Object value, StructShape shape) {
    if (value == null || value instanceof String || value instanceof Long || value instanceof Double
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Character c) {
      return String.valueOf(c);
    }
    if (value instanceof byte[] b) {
      return ByteBuffer.wrap(b);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(expected(o, shape));
      }
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, expected(v, shape)));
      return out;
    }
    if (value instanceof Node n) {
      return expectedNode(n, shape);
    }
    if (value instanceof Relationship r) {
      return new Relationship(r.id(), r.startNodeId(), r.endNodeId(), r.type(), castMap(expected(r.properties(), shape)),
          shape.elementIds() ? r.elementId() : String.valueOf(r.id()),
          shape.elementIds() ? r.startNodeElementId() : String.valueOf(r.startNodeId()),
          shape.elementIds() ? r.endNodeElementId() : String.valueOf(r.endNodeId()));
    }
    if (value instanceof UnboundRelationship r) {
      return expectedUnbound(r, shape);
    }
    if (value instanceof Path p) {
      return new Path(p.nodes().stream().map(n -> expectedNode(n, shape)).toList(),
          p.relationships().stream().map(r -> expectedUnbound(r, shape)).toList(), p.indices());
    }
    if (value instanceof Structure s) {
      return new Structure(s.tag(), castList(expected(s.fields(), shape)));
    }
    if (value instanceof ZonedDateTime z) {
      if (z.getZone() instanceof ZoneOffset offset) {
        return OffsetDateTime.of(z.toLocalDateTime(), offset);
      }
      // The legacy form carries local time and zone only: in a DST overlap the earlier offset wins.
      return shape.utcDateTime() ? z : z.withEarlierOffsetAtOverlap();
    }
    return value;
  }

  /** Makes a decoded value comparable with {@link #expected}. */
  static Object comparable(Object decoded) {
    return expected(decoded, StructShape.V5);
  }

  private static Node expectedNode(Node n, StructShape shape) {
    return new Node(n.id(), n.labels(), castMap(expected(n.properties(), shape)),
        shape.elementIds() ? n.elementId() : String.valueOf(n.id()));
  }

  private static UnboundRelationship expectedUnbound(UnboundRelationship r, StructShape shape) {
    return new UnboundRelationship(r.id(), r.type(), castMap(expected(r.properties(), shape)),
        shape.elementIds() ? r.elementId() : String.valueOf(r.id()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object o) {
    return (List<Object>) o;
  }
}
