package io.memgraph.ha.raft.node;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test state machine: the list of applied commands (as strings) and the last applied index. */
final class ListStateMachine implements StateMachine {
  private final List<String> applied = new ArrayList<>();
  private long lastIndex;
  private int restores;
  private volatile CountDownLatch snapshotGate;
  private final CountDownLatch snapshotHeld = new CountDownLatch(1);
  private volatile boolean captures;
  private final AtomicInteger capturesClosed = new AtomicInteger();

  @Override
  public synchronized byte[] apply(long index, byte[] data) {
    if (index <= lastIndex) {
      throw new IllegalStateException("index " + index + " applied after " + lastIndex);
    }
    String command = new String(data, StandardCharsets.UTF_8);
    if (command.equals("boom")) {
      throw new IllegalStateException("the test state machine refuses 'boom'");
    }
    lastIndex = index;
    applied.add(command);
    return ("ok:" + applied.size()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Makes every later snapshot write wait until {@code gate} opens, as a long write would; the
   * writer counts {@link #snapshotHeld} down when it starts waiting.
   */
  void holdSnapshots(CountDownLatch gate) {
    snapshotGate = gate;
  }

  /** Whether a snapshot write started waiting at the gate within {@code millis}. */
  boolean awaitSnapshotHeld(long millis) throws InterruptedException {
    return snapshotHeld.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Makes later snapshots be captured and written off the apply thread ({@link #captureSnapshot}). */
  void captureSnapshots() {
    captures = true;
  }

  @Override
  public void writeSnapshot(long index, OutputStream out) throws IOException {
    awaitGate();
    synchronized (this) {
      write(lastIndex, applied, out);
    }
  }

  @Override
  public synchronized CapturedSnapshot captureSnapshot(long index) {
    if (!captures) {
      return null;
    }
    long at = lastIndex;
    List<String> copy = List.copyOf(applied);
    return new CapturedSnapshot() {
      @Override
      public void writeTo(OutputStream out) throws IOException {
        awaitGate();
        write(at, copy, out);
      }

      @Override
      public void close() {
        capturesClosed.incrementAndGet();
      }
    };
  }

  /** How many captured snapshots were closed. */
  int capturesClosed() {
    return capturesClosed.get();
  }

  private void awaitGate() throws IOException {
    CountDownLatch gate = snapshotGate;
    if (gate != null) {
      snapshotHeld.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the test held the snapshot");
      }
    }
  }

  private static void write(long lastIndex, List<String> applied, OutputStream out)
      throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeLong(lastIndex);
    d.writeInt(applied.size());
    for (String s : applied) {
      d.writeUTF(s);
    }
    d.flush();
  }

  @Override
  public synchronized void restore(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    lastIndex = d.readLong();
    int n = d.readInt();
    applied.clear();
    for (int i = 0; i < n; i++) {
      applied.add(d.readUTF());
    }
    restores++;
  }

  synchronized List<String> applied() {
    return List.copyOf(applied);
  }

  synchronized int size() {
    return applied.size();
  }

  synchronized int restores() {
    return restores;
  }
}
