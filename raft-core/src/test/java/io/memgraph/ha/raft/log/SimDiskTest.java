package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.core.Entry;
import io.memgraph.ha.raft.core.EntryType;
import io.memgraph.ha.raft.core.HardState;
import io.memgraph.ha.raft.core.SnapshotMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The simulated file system keeps exactly what POSIX promises across a crash, and no more. */
class SimDiskTest {
  private static final Path DIR = Path.of("/sim/node");
  private static final Path FILE = DIR.resolve("f");

  private final SimDisk disk = new SimDisk();
  private final SplittableRandom random = new SplittableRandom(1);

  SimDiskTest() throws IOException {
    disk.createDirectories(DIR);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private String content(Path p) throws IOException {
    return new String(disk.readAllBytes(p), StandardCharsets.US_ASCII);
  }

  @Test
  @DisplayName("a crash drops writes that were not forced and keeps those that were")
  void crashDropsUnforcedWrites() throws IOException {
    try (DiskFile f = disk.open(FILE, Disk.OpenMode.CREATE_TRUNCATE)) {
      f.write(bytes("synced"), 0);
      f.force(false);
      disk.syncDirectory(DIR);
      f.write(bytes("-lost"), 6);
      assertThat(content(FILE)).isEqualTo("synced-lost");
    }
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(content(FILE)).isEqualTo("synced");
  }

  @Test
  @DisplayName("a created file whose directory was not fsynced is gone after a crash")
  void creationNeedsDirectoryFsync() throws IOException {
    try (DiskFile f = disk.open(FILE, Disk.OpenMode.CREATE_TRUNCATE)) {
      f.write(bytes("data"), 0);
      f.force(true);
    }
    assertThat(disk.isDurable(FILE)).isFalse();
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(disk.exists(FILE)).isFalse();
  }

  @Test
  @DisplayName("a rename and a delete take effect in a crash only after the directory fsync")
  void renameAndDeleteNeedDirectoryFsync() throws IOException {
    Fsync.writeAtomically(disk, FILE, bytes("old"));
    Path tmp = DIR.resolve("f.tmp");
    try (DiskFile f = disk.open(tmp, Disk.OpenMode.CREATE_TRUNCATE)) {
      f.write(bytes("new"), 0);
      f.force(true);
    }
    disk.rename(tmp, FILE);
    assertThat(content(FILE)).isEqualTo("new");
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(content(FILE)).isEqualTo("old");
    assertThat(disk.exists(tmp)).isFalse();

    assertThat(disk.deleteIfExists(FILE)).isTrue();
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(content(FILE)).isEqualTo("old");
    disk.deleteIfExists(FILE);
    disk.syncDirectory(DIR);
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(disk.exists(FILE)).isFalse();
  }

  @Test
  @DisplayName("a renamed file whose content was never forced is empty after a crash")
  void renameWithoutContentFsyncLeavesAnEmptyFile() throws IOException {
    Path tmp = DIR.resolve("f.tmp");
    try (DiskFile f = disk.open(tmp, Disk.OpenMode.CREATE_TRUNCATE)) {
      f.write(bytes("never forced"), 0);
    }
    disk.rename(tmp, FILE);
    disk.syncDirectory(DIR);
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(disk.readAllBytes(FILE)).isEmpty();
  }

  @Test
  @DisplayName("KEEP_PREFIX keeps some first unsynced writes, never a later one without the earlier")
  void keepPrefixKeepsAPrefix() throws IOException {
    List<String> seen = new ArrayList<>();
    for (long seed = 0; seed < 40; seed++) {
      SimDisk d = new SimDisk();
      d.createDirectories(DIR);
      try (DiskFile f = d.open(FILE, Disk.OpenMode.CREATE_TRUNCATE)) {
        d.syncDirectory(DIR);
        for (int i = 0; i < 5; i++) {
          f.write(bytes(Integer.toString(i)), i);
        }
      }
      d.crash(SimDisk.CrashMode.KEEP_PREFIX, new SplittableRandom(seed));
      String s = new String(d.readAllBytes(FILE), StandardCharsets.US_ASCII);
      assertThat("01234").startsWith(s);
      seen.add(s);
    }
    assertThat(seen).contains("", "01234").hasSizeGreaterThan(2);
  }

  @Test
  @DisplayName("TORN_WRITE keeps whole sectors of the first write it does not keep, then zeros or nothing")
  void tornWriteStaysInItsRange() throws IOException {
    boolean sawZeros = false;
    boolean sawShort = false;
    for (long seed = 0; seed < 60; seed++) {
      SimDisk d = new SimDisk();
      d.createDirectories(DIR);
      try (DiskFile f = d.open(FILE, Disk.OpenMode.CREATE_TRUNCATE)) {
        d.syncDirectory(DIR);
        f.write(bytes("AAAA"), 0);
        f.force(false);
        f.write(ByteBuffer.wrap("B".repeat(3 * SimDisk.SECTOR).getBytes(StandardCharsets.US_ASCII)),
            4);
      }
      d.crash(SimDisk.CrashMode.TORN_WRITE, new SplittableRandom(seed));
      byte[] b = d.readAllBytes(FILE);
      assertThat(new String(b, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("AAAA");
      int end = 4 + 3 * SimDisk.SECTOR;
      assertThat(b.length).isIn(4, SimDisk.SECTOR, 2 * SimDisk.SECTOR, 3 * SimDisk.SECTOR, end);
      for (int i = 4; i < b.length; i++) {
        assertThat(b[i]).isIn((byte) 'B', (byte) 0);
        if (b[i] == 0) {
          assertThat(i == 4 || i % SimDisk.SECTOR == 0).as("zeros start at the write or a sector")
              .isTrue();
          sawZeros = true;
          break;
        }
      }
      sawShort |= b.length > 4 && b.length < end;
    }
    assertThat(sawShort).isTrue();
    assertThat(sawZeros).isTrue();
  }

  @Test
  @DisplayName("a handle opened before a crash cannot be used after it")
  void handlesDoNotSurviveACrash() throws IOException {
    DiskFile f = disk.open(FILE, Disk.OpenMode.CREATE_TRUNCATE);
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThatThrownBy(() -> f.write(bytes("x"), 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("the hard-state file survives a crash right after save")
  void hardStateFileIsDurableAfterSave() throws IOException {
    HardStateFile hsf = new HardStateFile(disk, DIR.resolve("state"));
    hsf.save(new HardState(3, 2, 7));
    disk.crash(SimDisk.CrashMode.DROP_UNSYNCED, random);
    assertThat(new HardStateFile(disk, DIR.resolve("state")).load())
        .isEqualTo(new HardState(3, 2, 7));
  }

  private static Entry entry(long index, SplittableRandom r) {
    byte[] data = new byte[r.nextInt(200)];
    r.nextBytes(data);
    return new Entry(1 + index / 50, index, EntryType.NORMAL, data);
  }

  @Test
  @DisplayName("the real log over the simulated disk: synced entries survive any crash, the torn"
      + " tail is cut at a record boundary and what remains is what was appended")
  void segmentedLogRecoversFromEveryKindOfCrash() throws IOException {
    int torn = 0;
    for (long seed = 0; seed < 300; seed++) {
      SegmentedLog.Options small = new SegmentedLog.Options(2048, 0, 1 << 16, seed % 2 == 0);
      SplittableRandom r = new SplittableRandom(seed);
      SimDisk d = new SimDisk();
      List<Entry> appended = new ArrayList<>();
      long synced;
      try (SegmentedLog log = SegmentedLog.open(d, DIR, SnapshotMeta.NONE, small)) {
        int batches = 1 + r.nextInt(6);
        for (int b = 0; b < batches; b++) {
          List<Entry> batch = new ArrayList<>();
          for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
            batch.add(entry(appended.size() + batch.size() + 1, r));
          }
          log.append(batch);
          appended.addAll(batch);
          if (b < batches - 1) {
            log.sync();
          }
        }
        synced = log.durableIndex();
        SimDisk.CrashMode mode = SimDisk.CrashMode.values()[r.nextInt(3)];
        torn += mode == SimDisk.CrashMode.TORN_WRITE ? 1 : 0;
        d.crash(mode, r);
      } catch (IllegalStateException closedAfterCrash) {
        // close() syncs through handles from before the crash: expected to fail
        synced = -1;
      }
      try (SegmentedLog log = SegmentedLog.open(d, DIR, SnapshotMeta.NONE, small)) {
        assertThat(log.lastIndex()).as("seed %d", seed).isBetween(Math.max(synced, 0),
            (long) appended.size());
        for (long i = 1; i <= log.lastIndex(); i++) {
          Entry got = log.get(i);
          Entry want = appended.get((int) i - 1);
          assertThat(got.term()).isEqualTo(want.term());
          assertThat(got.data()).as("seed %d index %d", seed, i).isEqualTo(want.data());
        }
      }
    }
    assertThat(torn).isPositive();
  }
}
