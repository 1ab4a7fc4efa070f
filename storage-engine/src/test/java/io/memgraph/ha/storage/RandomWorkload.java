package io.memgraph.ha.storage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Random;

/**
 * Produces a log of write sets from random, partly concurrent transactions run against a leader
 * storage: the log (with gaps in the indexes, like a Raft log with other entries) can then be
 * replayed on other stores.
 */
final class RandomWorkload {
  record Entry(long index, byte[] writeSet, ApplyResult leaderResult) {}

  private RandomWorkload() {}

  static List<Entry> run(Storage leader, long seed, int transactions) {
    Random rnd = new Random(seed);
    List<Entry> log = new ArrayList<>();
    long index = leader.lastAppliedIndex();
    List<Transaction> open = new ArrayList<>();
    Transaction ddl = leader.begin();
    ddl.createSchema(new SchemaItem.LabelIndex("Person"));
    ddl.createSchema(new SchemaItem.LabelPropertyIndex("Person", "age"));
    ddl.createSchema(new SchemaItem.UniqueConstraint("Person", List.of("name")));
    index += 1;
    byte[] bytes = ddl.prepare().toBytes();
    log.add(new Entry(index, bytes, leader.apply(index, bytes)));
    for (int t = 0; t < transactions; t++) {
      while (open.size() < 1 + rnd.nextInt(3)) {
        open.add(leader.begin());
      }
      Transaction tx = open.remove(rnd.nextInt(open.size()));
      int ops = 1 + rnd.nextInt(6);
      for (int i = 0; i < ops; i++) {
        step(tx, rnd);
      }
      index += 1 + rnd.nextInt(2);
      bytes = tx.prepare().toBytes();
      log.add(new Entry(index, bytes, leader.apply(index, bytes)));
      if (rnd.nextInt(50) == 0) {
        Transaction schema = leader.begin();
        SchemaItem item = new SchemaItem.LabelPropertyIndex("City", "name");
        if (leader.schema().contains(item)) {
          schema.dropSchema(item);
        } else {
          schema.createSchema(item);
        }
        index++;
        bytes = schema.prepare().toBytes();
        log.add(new Entry(index, bytes, leader.apply(index, bytes)));
      }
    }
    open.forEach(Transaction::close);
    return log;
  }

  private static List<Long> visible(Transaction tx) {
    List<Long> ids = new ArrayList<>();
    PrimitiveIterator.OfLong it = tx.vertices();
    while (it.hasNext()) {
      ids.add(it.nextLong());
    }
    return ids;
  }

  private static void step(Transaction tx, Random rnd) {
    List<Long> vs = visible(tx);
    int op = vs.isEmpty() ? 0 : rnd.nextInt(10);
    switch (op) {
      case 0, 1 -> {
        long v = tx.createVertex();
        tx.addLabel(v, rnd.nextBoolean() ? "Person" : "City");
        tx.setVertexProperty(v, "name", "n" + rnd.nextInt(400));
        tx.setVertexProperty(v, "age", rnd.nextBoolean() ? (Object) (long) rnd.nextInt(90) : rnd.nextDouble() * 90);
        if (rnd.nextInt(4) == 0) {
          tx.setVertexProperty(v, "meta", Map.of("born", LocalDate.ofEpochDay(rnd.nextInt(20000)),
              "tags", List.of("x", rnd.nextInt(5))));
        }
      }
      case 2, 3 -> tx.setVertexProperty(vs.get(rnd.nextInt(vs.size())), "age", (long) rnd.nextInt(90));
      case 4 -> tx.addLabel(vs.get(rnd.nextInt(vs.size())), "Tagged");
      case 5 -> tx.removeLabel(vs.get(rnd.nextInt(vs.size())), "Tagged");
      case 6, 7 -> {
        long e = tx.createEdge(vs.get(rnd.nextInt(vs.size())), vs.get(rnd.nextInt(vs.size())),
            rnd.nextBoolean() ? "KNOWS" : "LIVES_IN");
        tx.setEdgeProperty(e, "w", rnd.nextInt(10));
      }
      case 8 -> {
        long v = vs.get(rnd.nextInt(vs.size()));
        List<EdgeRef> out = tx.outEdges(v);
        if (!out.isEmpty()) {
          tx.deleteEdge(out.get(rnd.nextInt(out.size())).id());
        }
      }
      default -> {
        if (rnd.nextInt(3) == 0) {
          tx.detachDeleteVertex(vs.get(rnd.nextInt(vs.size())));
        }
      }
    }
  }
}
