package io.memgraph.ha.raft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: a file that cannot be read is one line naming the file and why, no exception class. */
class JsonFilesTest {
  private static final Path F = Path.of("/etc/memgraph/raft.json");

  @Test
  void permissionDeniedIsOneLine() {
    ConfigException e = JsonFiles.readFailure(F, new AccessDeniedException(F.toString()));
    assertThat(e).hasMessage("/etc/memgraph/raft.json cannot be read: permission denied");
    assertThat(e.file()).isEqualTo(F.toString());
  }

  @Test
  void otherFileSystemErrorsGiveTheirReasonOnly() {
    IOException io = new FileSystemException(F.toString(), null, "Input/output error");
    assertThat(JsonFiles.readFailure(F, io))
        .hasMessage("/etc/memgraph/raft.json cannot be read: input/output error");
    assertThat(JsonFiles.readFailure(F, new IOException()))
        .hasMessage("/etc/memgraph/raft.json cannot be read: IOException");
  }

  // Root reads any file, so this only runs for an unprivileged user; the mapping test above
  // covers the message everywhere.
  @Test
  void unreadableFileOnDisk(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("raft.json"), "{}");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(f), "running as root: every file is readable");
    assertThatThrownBy(() -> RaftConfig.load(f))
        .hasMessage(f + " cannot be read: permission denied");
  }
}
