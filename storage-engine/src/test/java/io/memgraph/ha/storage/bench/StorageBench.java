package io.memgraph.ha.storage.bench;

import io.memgraph.ha.storage.ApplyResult;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Loads 1,000,000 vertices (1 label, 2 properties) and 2,000,000 edges (1 type, 1 property) through
 * ordinary transactions and reports load time, heap per object after a full GC, snapshot write/load
 * time and size, and the apply throughput of small write sets. Arguments: [vertices] [edges] [indexes].
 *
 * <p>Run (see storage-engine/README.md): {@code mvn -B -q -o -pl storage-engine -am test-compile && mvn -B -q
 * -o -pl storage-engine dependency:build-classpath -Dmdep.outputFile=target/bench.cp && java -Xmx4g -cp
 * storage-engine/target/classes:storage-engine/target/test-classes:$(cat storage-engine/target/bench.cp)
 * io.memgraph.ha.storage.bench.StorageBench}
 */
public final class StorageBench {
  private StorageBench() {}

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  public static void main(String[] args) throws Exception {
    int vertices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int edges = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    int batch = 10_000;
    System.out.printf("java %s, max heap %d MiB%n", System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    long[] ids = new long[vertices]; // allocated before the baseline so it is not counted
    long baseline = usedAfterGc();

    Storage storage = new Storage();
    long c0 = cpu();
    long t0 = System.nanoTime();
    for (int start = 0; start < vertices; start += batch) {
      Transaction tx = storage.begin();
      for (int i = start; i < Math.min(vertices, start + batch); i++) {
        long v = tx.createVertex();
        tx.addLabel(v, "Person");
        tx.setVertexProperty(v, "id", (long) i);
        tx.setVertexProperty(v, "name", "person" + i);
        ids[i] = v;
      }
      check(storage.commit(tx));
    }
    long t1 = System.nanoTime();
    long c1 = cpu();
    long afterVertices = usedAfterGc() - baseline;
    long t1b = System.nanoTime();
    long c1b = cpu();
    SplittableRandom rnd = new SplittableRandom(42);
    for (int start = 0; start < edges; start += batch) {
      Transaction tx = storage.begin();
      for (int i = start; i < Math.min(edges, start + batch); i++) {
        long e = tx.createEdge(ids[rnd.nextInt(vertices)], ids[rnd.nextInt(vertices)], "KNOWS");
        tx.setEdgeProperty(e, "weight", (long) rnd.nextInt(1000));
      }
      check(storage.commit(tx));
    }
    long t2 = System.nanoTime();
    long c2 = cpu();
    long used = usedAfterGc() - baseline;
    long objects = (long) vertices + edges;
    System.out.printf("load: %d vertices in %.2f s (%.0f/s), %d edges in %.2f s (%.0f/s)%n",
        vertices, sec(t1 - t0), vertices / sec(t1 - t0), edges, sec(t2 - t1b), edges / sec(t2 - t1b));
    System.out.printf("load CPU time of the loading thread: vertices %.2f s (%.0f/s), edges %.2f s (%.0f/s)%n",
        sec(c1 - c0), vertices / sec(c1 - c0), sec(c2 - c1b), edges / sec(c2 - c1b));
    System.out.printf("heap per vertex %.1f bytes (after loading vertices), per edge %.1f bytes (growth from"
        + " loading edges, adjacency included)%n", (double) afterVertices / vertices,
        (double) (used - afterVertices) / edges);
    System.out.printf("heap after full GC: %.1f MiB total, %.1f bytes per object (vertices + edges)%n",
        used / 1048576.0, (double) used / objects);

    if (args.length > 2 && args[2].equals("indexes")) {
      // Optional: what a label index and a label+property index add on top of the data.
      Transaction ddl = storage.begin();
      ddl.createSchema(new io.memgraph.ha.storage.SchemaItem.LabelIndex("Person"));
      ddl.createSchema(new io.memgraph.ha.storage.SchemaItem.LabelPropertyIndex("Person", "id"));
      long ti = System.nanoTime();
      check(storage.commit(ddl));
      long withIndexes = usedAfterGc() - baseline;
      System.out.printf("indexes :Person and :Person(id) built in %.2f s; +%.1f bytes per vertex; total %.1f bytes"
          + " per object%n", sec(System.nanoTime() - ti), (double) (withIndexes - used) / vertices,
          (double) withIndexes / objects);
    }
    Path dir = Files.createTempDirectory("storage-bench");
    Path file = dir.resolve("snapshot.bin");
    long t3 = System.nanoTime();
    long c3 = cpu();
    long snapshotIndex = storage.writeSnapshot(file);
    long t4 = System.nanoTime();
    long c4 = cpu();
    long size = Files.size(file);
    System.out.printf("snapshot write: index %d, %.1f MiB (%.1f bytes/object) in %.2f s%n",
        snapshotIndex, size / 1048576.0, (double) size / objects, sec(t4 - t3));
    System.out.printf("snapshot write CPU: %.2f s%n", sec(c4 - c3));
    System.out.printf("(first vertex id %d)%n", ids[0]);
    ids = null;
    long t5 = System.nanoTime();
    long c5 = cpu();
    Storage loaded = Storage.readSnapshot(file);
    long t6 = System.nanoTime();
    long c6 = cpu();
    System.out.printf("snapshot load: %.2f s (%d vertices, %d edges)%n", sec(t6 - t5),
        loaded.stats().vertexCount(), loaded.stats().edgeCount());
    System.out.printf("snapshot load CPU: %.2f s%n", sec(c6 - c5));
    loaded = null;
    Files.delete(file);
    Files.delete(dir);

    int small = 200_000;
    long t7 = System.nanoTime();
    long c7 = cpu();
    for (int i = 0; i < small; i++) {
      Transaction tx = storage.begin();
      long v = tx.createVertex();
      tx.setVertexProperty(v, "id", (long) i);
      tx.setVertexProperty(v, "name", "new" + i);
      check(storage.commit(tx));
    }
    long t8 = System.nanoTime();
    long c8 = cpu();
    System.out.printf("small write sets (1 vertex, 2 properties; begin+prepare+apply): %d in %.2f s = %.0f/s%n",
        small, sec(t8 - t7), small / sec(t8 - t7));
    System.out.printf("small write sets by CPU time: %.2f s = %.0f/s%n", sec(c8 - c7), small / sec(c8 - c7));
    // Apply alone, as a follower does: prepare the write sets first, then apply them in log order.
    io.memgraph.ha.storage.WriteSet[] prepared = new io.memgraph.ha.storage.WriteSet[small];
    long bytes = 0;
    for (int i = 0; i < small; i++) {
      Transaction tx = storage.begin();
      long v = tx.createVertex();
      tx.setVertexProperty(v, "id", (long) i);
      tx.setVertexProperty(v, "name", "applied" + i);
      prepared[i] = tx.prepare();
      bytes += prepared[i].size();
    }
    long index = storage.lastAppliedIndex();
    long t9 = System.nanoTime();
    long c9 = cpu();
    for (int i = 0; i < small; i++) {
      check(storage.apply(++index, prepared[i]));
    }
    long t10 = System.nanoTime();
    long c10 = cpu();
    System.out.printf("apply only (%.1f bytes per write set): %d in %.2f s = %.0f/s (CPU %.2f s = %.0f/s)%n",
        (double) bytes / small, small, sec(t10 - t9), small / sec(t10 - t9), sec(c10 - c9), small / sec(c10 - c9));
    System.out.println("stats: " + storage.stats());
  }

  private static void check(ApplyResult r) {
    if (!r.committed()) {
      throw new IllegalStateException("bench transaction rejected: " + r);
    }
  }

  /** CPU time of the calling thread, so figures stay meaningful on a machine shared with other work. */
  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static double sec(long nanos) {
    return nanos / 1e9;
  }
}
