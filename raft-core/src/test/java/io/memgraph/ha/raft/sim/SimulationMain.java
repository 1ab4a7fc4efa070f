package io.memgraph.ha.raft.sim;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs many simulation seeds outside JUnit and prints a summary: the long runs beyond CI.
 * Arguments: {@code firstSeed count [chaosMs] [threads]}. Exits 1 on the first failure, printing it.
 */
public final class SimulationMain {

  private SimulationMain() {
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    long first = Long.parseLong(args[0]);
    long count = Long.parseLong(args[1]);
    long chaosMs = args.length > 2 ? Long.parseLong(args[2]) : 6000;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    long simulatedMs = 0;
    long failures = 0;
    long maxConverge = 0;
    long elections = 0;
    long committed = 0;
    long reads = 0;
    long snapshots = 0;
    long crashes = 0;
    List<Future<Simulation.Result>> futures = new ArrayList<>();
    for (long s = first; s < first + count; s++) {
      long seed = s;
      futures.add(pool.submit(() -> new Simulation(seed, chaosMs, false).run()));
    }
    for (Future<Simulation.Result> f : futures) {
      try {
        Simulation.Result r = f.get();
        simulatedMs += r.simulatedMs();
        maxConverge = Math.max(maxConverge, r.convergeMs());
        elections += r.elections();
        committed += r.committed();
        reads += r.readsServed();
        snapshots += r.snapshotsSent();
        crashes += r.crashes();
      } catch (java.util.concurrent.ExecutionException e) {
        failures++;
        System.out.println(e.getCause().getMessage());
        if (failures >= 5) {
          break;
        }
      }
    }
    pool.shutdownNow();
    System.out.printf("seeds %d..%d: %d failures, %.2f simulated hours, %d elections, %d committed,"
        + " %d reads, %d snapshot transfers, %d crashes, slowest convergence %d ms, %.1f s%n",
        first, first + count - 1, failures, simulatedMs / 3.6e6, elections, committed, reads,
        snapshots, crashes, maxConverge, (System.nanoTime() - start) / 1e9);
    System.exit(failures == 0 ? 0 : 1);
  }
}
