package io.memgraph.ha.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.raft.core.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardStateFileTest {
  @TempDir
  Path dir;

  @Test
  void missingFileIsTheEmptyState() throws IOException {
    assertThat(new HardStateFile(dir.resolve("state")).load()).isEqualTo(HardState.EMPTY);
  }

  @Test
  void saveAndLoadRoundTripAndReplace() throws IOException {
    HardStateFile f = new HardStateFile(dir.resolve("state"));
    f.save(new HardState(3, 2, 17));
    assertThat(new HardStateFile(dir.resolve("state")).load()).isEqualTo(new HardState(3, 2, 17));
    f.save(new HardState(4, 0, 20));
    assertThat(f.load()).isEqualTo(new HardState(4, 0, 20));
    assertThat(Files.size(dir.resolve("state"))).isEqualTo(HardStateFile.SIZE);
    assertThat(dir.resolve("state.tmp")).doesNotExist();
  }

  @Test
  void leftoverTempFileFromAnInterruptedWriteIsIgnored() throws IOException {
    HardStateFile f = new HardStateFile(dir.resolve("state"));
    f.save(new HardState(5, 1, 9));
    // A crash after writing half of the next state into the temp file, before the rename.
    Files.write(dir.resolve("state.tmp"), new byte[] {1, 2, 3, 4, 5});
    assertThat(f.load()).isEqualTo(new HardState(5, 1, 9));
    assertThat(dir.resolve("state.tmp")).doesNotExist();
  }

  @Test
  void damagedFileStopsStartUpNamingTheFile() throws IOException {
    Path p = dir.resolve("state");
    HardStateFile f = new HardStateFile(p);
    f.save(new HardState(5, 1, 9));
    byte[] bytes = Files.readAllBytes(p);
    bytes[10] ^= 1;
    Files.write(p, bytes);
    assertThatThrownBy(f::load)
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("checksum mismatch");
    Files.write(p, new byte[] {1, 2, 3});
    assertThatThrownBy(f::load)
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("has 3 bytes, expected 32");
  }
}
