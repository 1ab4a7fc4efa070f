package io.memgraph.ha.bolt.bench;

import io.memgraph.ha.bolt.packstream.PackStreamReader;
import io.memgraph.ha.bolt.packstream.PackStreamWriter;
import io.memgraph.ha.bolt.packstream.StructHeader;
import io.memgraph.ha.bolt.packstream.StructShape;
import io.memgraph.ha.bolt.value.Node;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and decodes a typical record stream with PackStream and prints records/s and MB/s.
 *
 * <p>Each record is a Bolt RECORD structure ({@code B1 71}) holding
 * {@code [Node with 2 labels and 3 properties, a string, an integer, a float, a list of 5 integers]},
 * written with {@link StructShape#V5}. The stream of 10,000 records is encoded into one reused
 * pooled buffer and decoded from it, as a server flushing a batch or a client reading one would.
 * A main rather than JMH keeps it runnable with the plain test classpath; warm-up rounds come first
 * and the best of the measured rounds is reported, together with bytes allocated per record
 * (from the JVM's per-thread allocation counter).
 *
 * <p>Run: {@code mvn -q -o -pl bolt-protocol -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.memgraph.ha.bolt.bench.PackStreamBenchmark}
 */
public final class PackStreamBenchmark {

  private static final int RECORDS = 10_000;
  private static final int WARMUP_ROUNDS = 50;
  private static final int MEASURED_ROUNDS = 100;
  private static final byte RECORD = 0x71;

  private PackStreamBenchmark() {
  }

  public static void main(String[] args) {
    List<List<Object>> records = records();
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(4 << 20);
    try {
      Object sink = null;
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        encode(records, buf);
        sink = decode(buf);
      }
      long bestEncode = Long.MAX_VALUE;
      long bestDecode = Long.MAX_VALUE;
      long encodeAlloc = Long.MAX_VALUE;
      long decodeAlloc = Long.MAX_VALUE;
      int bytes = 0;
      for (int i = 0; i < MEASURED_ROUNDS; i++) {
        long a0 = allocatedBytes();
        long t0 = System.nanoTime();
        encode(records, buf);
        long t1 = System.nanoTime();
        long a1 = allocatedBytes();
        bytes = buf.readableBytes();
        sink = decode(buf);
        long t2 = System.nanoTime();
        long a2 = allocatedBytes();
        bestEncode = Math.min(bestEncode, t1 - t0);
        bestDecode = Math.min(bestDecode, t2 - t1);
        encodeAlloc = Math.min(encodeAlloc, a1 - a0);
        decodeAlloc = Math.min(decodeAlloc, a2 - a1);
      }
      System.out.printf("PackStream benchmark: %d records per round, %d bytes per stream (%.1f bytes/record), "
          + "best of %d rounds after %d warm-up rounds%n", RECORDS, bytes, (double) bytes / RECORDS,
          MEASURED_ROUNDS, WARMUP_ROUNDS);
      report("encode", bestEncode, bytes, encodeAlloc);
      report("decode", bestDecode, bytes, decodeAlloc);
      if (sink == null) {
        throw new IllegalStateException("nothing decoded");
      }
    } finally {
      buf.release();
    }
  }

  private static void report(String what, long nanos, int bytes, long allocated) {
    double seconds = nanos / 1e9;
    System.out.printf("  %s: %,.0f records/s, %.1f MB/s, %.1f allocated bytes/record%n", what,
        RECORDS / seconds, bytes / seconds / 1e6, (double) allocated / RECORDS);
  }

  private static void encode(List<List<Object>> records, ByteBuf buf) {
    buf.clear();
    PackStreamWriter writer = new PackStreamWriter(buf, StructShape.V5);
    for (int i = 0; i < records.size(); i++) {
      writer.writeStructHeader(1, RECORD);
      writer.writeValue(records.get(i));
    }
  }

  private static Object decode(ByteBuf buf) {
    PackStreamReader reader = new PackStreamReader(buf, StructShape.V5);
    Object last = null;
    int count = 0;
    while (reader.hasRemaining()) {
      StructHeader header = reader.readStructHeader();
      if (header.tag() != RECORD || header.size() != 1) {
        throw new IllegalStateException("unexpected " + header);
      }
      last = reader.readList();
      count++;
    }
    buf.readerIndex(0);
    if (count != RECORDS) {
      throw new IllegalStateException("decoded " + count + " records");
    }
    return last;
  }

  private static List<List<Object>> records() {
    List<List<Object>> records = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      Map<String, Object> props = new LinkedHashMap<>();
      props.put("name", "person-" + i);
      props.put("age", (long) (20 + i % 60));
      props.put("score", i * 0.5);
      Node node = new Node(i, List.of("Person", "Employee"), props, "4:db:" + i);
      records.add(List.of(node, "some text value " + i, (long) i * 1000, i / 3.0,
          List.of((long) i, i + 1L, i + 2L, i + 3L, i + 4L)));
    }
    return records;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
