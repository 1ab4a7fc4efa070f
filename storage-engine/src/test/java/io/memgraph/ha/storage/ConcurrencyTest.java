package io.memgraph.ha.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Many threads, conflicting transactions: no lost update, no dirty or non-repeatable read. */
class ConcurrencyTest {
  @Test
  void concurrentIncrementsLoseNoUpdate() throws Exception {
    Storage s = new Storage();
    Transaction init = s.begin();
    long counter = init.createVertex();
    init.setVertexProperty(counter, "n", 0L);
    s.commit(init);
    int threads = 6;
    int increments = 300;
    AtomicLong conflicts = new AtomicLong();
    // In the first round every thread reads before any commits, so conflicts happen for sure,
    // however the threads get scheduled; later rounds race freely.
    CyclicBarrier allHaveRead = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        for (int i = 0; i < increments; i++) {
          for (int attempt = 0; ; attempt++) {
            Transaction tx = s.begin();
            long n = (Long) tx.vertexProperty(counter, "n");
            tx.setVertexProperty(counter, "n", n + 1);
            if (i == 0 && attempt == 0) {
              allHaveRead.await(30, TimeUnit.SECONDS);
            }
            ApplyResult r = s.commit(tx);
            if (r.committed()) {
              break;
            }
            assertThat(r.reason()).isEqualTo(RejectReason.CONFLICT);
            assertThat(r.retryable()).isTrue();
            conflicts.incrementAndGet();
            assertThat(attempt).as("retries are bounded").isLessThan(100_000);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    Transaction r = s.begin();
    assertThat(r.vertexProperty(counter, "n")).isEqualTo((long) threads * increments);
    assertThat(conflicts.get()).as("threads really did conflict").isPositive();
  }

  /** Transfers through prepare + a single apply thread (as Raft would), with readers checking totals. */
  @Test
  void transfersKeepTotalsAndReadersSeeStableSnapshots() throws Exception {
    Storage s = new Storage();
    int accounts = 8;
    long[] ids = new long[accounts];
    Transaction init = s.begin();
    for (int i = 0; i < accounts; i++) {
      ids[i] = init.createVertex();
      init.addLabel(ids[i], "Account");
      init.setVertexProperty(ids[i], "balance", 1000L);
    }
    s.commit(init);
    long total = 1000L * accounts;

    record Proposal(WriteSet ws, CompletableFuture<ApplyResult> result) {}
    LinkedBlockingQueue<Proposal> log = new LinkedBlockingQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread applyThread = new Thread(() -> {
      long index = s.lastAppliedIndex();
      while (!stop.get() || !log.isEmpty()) {
        try {
          Proposal p = log.poll(10, TimeUnit.MILLISECONDS);
          if (p != null) {
            index += 2; // other log entries in between
            p.result().complete(s.apply(index, p.ws()));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    });
    applyThread.start();

    int writers = 4;
    int transfers = 150;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    AtomicLong conflicts = new AtomicLong();
    // Every writer's first transfer debits account 0 and proposes only once all have read it, so
    // conflicts happen for sure, however the threads get scheduled.
    CyclicBarrier allHaveRead = new CyclicBarrier(writers);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      long seed = w;
      futures.add(pool.submit(() -> {
        Random rnd = new Random(seed);
        for (int i = 0; i < transfers; i++) {
          int a = i == 0 ? 0 : rnd.nextInt(accounts);
          int b = (a + 1 + rnd.nextInt(accounts - 1)) % accounts;
          long amount = rnd.nextInt(50);
          for (int attempt = 0; ; attempt++) {
            Transaction tx = s.begin();
            tx.setVertexProperty(ids[a], "balance", (Long) tx.vertexProperty(ids[a], "balance") - amount);
            tx.setVertexProperty(ids[b], "balance", (Long) tx.vertexProperty(ids[b], "balance") + amount);
            if (i == 0 && attempt == 0) {
              allHaveRead.await(30, TimeUnit.SECONDS);
            }
            Proposal p = new Proposal(tx.prepare(), new CompletableFuture<>());
            log.add(p);
            ApplyResult r = p.result().get(30, TimeUnit.SECONDS);
            if (r.committed()) {
              break;
            }
            assertThat(r.reason()).isEqualTo(RejectReason.CONFLICT);
            conflicts.incrementAndGet();
          }
        }
        return null;
      }));
    }
    AtomicLong reads = new AtomicLong();
    for (int rd = 0; rd < 2; rd++) {
      futures.add(pool.submit(() -> {
        while (!stop.get()) {
          try (Transaction tx = s.begin()) {
            long first = 0;
            for (long id : ids) {
              first += (Long) tx.vertexProperty(id, "balance");
            }
            Thread.yield();
            long second = 0;
            var it = tx.verticesWithLabel("Account");
            while (it.hasNext()) {
              second += (Long) tx.vertexProperty(it.nextLong(), "balance");
            }
            assertThat(first).as("no dirty read").isEqualTo(total);
            assertThat(second).as("repeatable read").isEqualTo(first);
            reads.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures.subList(0, writers)) {
      f.get(120, TimeUnit.SECONDS);
    }
    stop.set(true);
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    applyThread.join(30_000);
    pool.shutdown();
    assertThat(applyThread.isAlive()).isFalse();
    Transaction r = s.begin();
    long sum = 0;
    for (long id : ids) {
      sum += (Long) r.vertexProperty(id, "balance");
    }
    assertThat(sum).isEqualTo(total);
    assertThat(conflicts.get()).isPositive();
    assertThat(reads.get()).isPositive();
    r.close();
    s.collectGarbage();
    assertThat(s.stats().pendingGarbage()).isZero();
  }

  @Test
  void readersRacingTheApplyThreadSeeConsistentEdgesAndLabels() throws Exception {
    Storage s = new Storage();
    Transaction init = s.begin();
    long hub = init.createVertex();
    s.commit(init);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    // Invariant kept by every commit: the hub's out-degree equals its "degree" property, and every
    // target vertex has label Leaf.
    Future<?> reader = pool.submit(() -> {
      long checks = 0;
      while (!stop.get()) {
        try (Transaction tx = s.begin()) {
          List<EdgeRef> out = tx.outEdges(hub);
          Object degree = tx.vertexProperty(hub, "degree");
          assertThat((long) out.size()).isEqualTo(degree == null ? 0L : (Long) degree);
          for (EdgeRef e : out) {
            assertThat(tx.hasLabel(e.to(), "Leaf")).isTrue();
          }
          checks++;
        }
      }
      return checks;
    });
    Random rnd = new Random(3);
    List<Long> edges = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      Transaction tx = s.begin();
      long degree = edges.size();
      if (!edges.isEmpty() && rnd.nextInt(3) == 0) {
        long e = edges.remove(rnd.nextInt(edges.size()));
        long leaf = tx.edge(e).to();
        tx.detachDeleteVertex(leaf);
        degree--;
      } else {
        long leaf = tx.createVertex();
        tx.addLabel(leaf, "Leaf");
        edges.add(tx.createEdge(hub, leaf, "HAS"));
        degree++;
      }
      tx.setVertexProperty(hub, "degree", degree);
      assertThat(s.commit(tx).committed()).isTrue();
    }
    stop.set(true);
    assertThat((Long) reader.get(30, TimeUnit.SECONDS)).isPositive();
    pool.shutdown();
  }

  @Test
  void scansRacingCreatesDeletesAndGarbageCollectionSeeWholeTransactions() throws Exception {
    Storage s = new Storage();
    Transaction init = s.begin();
    init.createSchema(new SchemaItem.LabelIndex("Item"));
    init.createSchema(new SchemaItem.LabelPropertyIndex("Item", "n"));
    long counter = init.createVertex();
    init.setVertexProperty(counter, "items", 0L);
    s.commit(init);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    // Invariant of every commit: the number of :Item vertices (each with n >= 0) equals "items".
    List<Future<Long>> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      readers.add(pool.submit(() -> {
        long checks = 0;
        while (!stop.get()) {
          try (Transaction tx = s.begin()) {
            long expected = (Long) tx.vertexProperty(counter, "items");
            assertThat(TransactionTest.ids(tx.verticesWithLabel("Item"))).hasSize((int) expected);
            assertThat(TransactionTest.ids(tx.verticesInRange("Item", "n", Bound.inclusive(0), null)))
                .hasSize((int) expected);
            assertThat(TransactionTest.ids(tx.vertices())).hasSize((int) expected + 1);
            checks++;
          }
        }
        return checks;
      }));
    }
    Random rnd = new Random(5);
    List<Long> items = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Transaction tx = s.begin();
      int creates = rnd.nextInt(4);
      for (int k = 0; k < creates; k++) {
        long v = tx.createVertex();
        tx.addLabel(v, "Item");
        tx.setVertexProperty(v, "n", (long) rnd.nextInt(100));
        items.add(v);
      }
      int deletes = items.isEmpty() ? 0 : rnd.nextInt(Math.min(3, items.size()) + 1);
      for (int k = 0; k < deletes; k++) {
        tx.deleteVertex(items.remove(rnd.nextInt(items.size())));
      }
      if (!items.isEmpty() && rnd.nextBoolean()) {
        tx.setVertexProperty(items.get(rnd.nextInt(items.size())), "n", (long) rnd.nextInt(100));
      }
      tx.setVertexProperty(counter, "items", (long) items.size());
      assertThat(s.commit(tx).committed()).isTrue();
    }
    stop.set(true);
    for (Future<Long> f : readers) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
    }
    pool.shutdown();
    s.collectGarbage();
    assertThat(s.stats().pendingGarbage()).isZero();
    assertThat(s.graph().propertyIndex("Item", "n").size()).isEqualTo(items.size());
  }
}
