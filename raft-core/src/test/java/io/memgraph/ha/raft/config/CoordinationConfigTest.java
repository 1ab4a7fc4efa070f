package io.memgraph.ha.raft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CoordinationConfigTest {
  private static final String F = "/etc/memgraph/coordination.json";

  @Test
  void shippedExampleParses() {
    Path example = Paths.get("..", "etc", "coordination.json.example");
    CoordinationConfig c = CoordinationConfig.load(example);
    assertThat(c.members()).containsExactly(
        new Member(1, "192.168.0.1", 10000),
        new Member(2, "192.168.0.2", 10000),
        new Member(3, "192.168.0.3", 10000));
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.member(2)).contains(new Member(2, "192.168.0.2", 10000));
    assertThat(c.member(4)).isEmpty();
    assertThat(c.member(0)).isEmpty();
  }

  @Test
  void idsInAnyOrderAreSortedAndHostNamesAndIpv6Allowed() {
    CoordinationConfig c = CoordinationConfig.parse(F,
        "[[3, \"db-3.example.com\", 7000], [1, \"::1\", 7000], [2, \"127.0.0.1\", 7001]]");
    assertThat(c.members()).extracting(Member::id).containsExactly(1, 2, 3);
    assertThat(c.require(1).endpoint()).isEqualTo("[::1]:7000");
    assertThat(c.require(3).endpoint()).isEqualTo("db-3.example.com:7000");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}|not an array",
      "[]|the array is empty",
      "[[1, \"127.0.0.1\", 1], 7]|element 2 is not an array",
      "[[1, \"127.0.0.1\"]]|element 1 has 2 values (invalid number of subelements)",
      "[[1, \"127.0.0.1\", 1, 2]]|element 1 has 4 values",
      "[[\"1\", \"127.0.0.1\", 1]]|element 1: server_id must be an integer, found \"1\"",
      "[[0, \"127.0.0.1\", 1]]|element 1: server_id (0) must be in 1..65535",
      "[[1.5, \"127.0.0.1\", 1]]|element 1: server_id must be an integer",
      "[[1, 127, 1]]|element 1: the ip must be a string, found 127",
      "[[1, \"127.0.0.1\", 0]]|element 1: rpc_port (0) must be in 1..65535",
      "[[1, \"127.0.0.1\", 65536]]|element 1: rpc_port (65536) must be in 1..65535",
      "[[1, \"127.0.0.1\", -1]]|element 1: rpc_port (-1) must be in 1..65535",
      "[[1, \"127.0.0.1\", 1], [2, \"127.0.0.1\", 1]]|element 2: address 127.0.0.1:1 is already used by server 1",
      "[[1, \"LOCALHOST\", 1], [2, \"localhost\", 1]]|element 2: address localhost:1 is already used by server 1",
      "[[1, \"::1\", 1], [2, \"0:0:0:0:0:0:0:1\", 1]]|is already used by server 1",
      "[[1, \"127.0.0.1\", 1], [1, \"127.0.0.1\", 2]]|element 2: server_id 1 is listed twice",
      "[[1, \"127.0.0.1\", 1], [3, \"127.0.0.1\", 2]]|missing endpoint for node 2: ids must be exactly 1..2 for 2 servers (found id 3)",
      "[[2, \"127.0.0.1\", 1]]|missing endpoint for node 1",
      "[[1, \"127.0.0.1\", 1],]|invalid JSON at line 1, column 22: unexpected character ']', expected a value",
  })
  void invalidFilesAreRefusedWithPosition(String json, String expected) {
    assertThatThrownBy(() -> CoordinationConfig.parse(F, json))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(F + ": ")
        .hasMessageContaining(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "256.1.1.1", "1.2.3", "1.2.3.4.5", "0.0.0.0", "::", "bad_host",
      "-leading.example", "a..b", "1:2:3:zz::1", "host name"})
  void invalidHostsAreRefused(String host) {
    String json = "[[1, \"" + host + "\", 10000]]";
    assertThatThrownBy(() -> CoordinationConfig.parse(F, json))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(F + ": element 1: ip \"" + host + "\" ");
  }

  @Test
  void localHelperBuildsConsecutiveIds() {
    CoordinationConfig c = CoordinationConfig.local("127.0.0.1", 5001, 5002);
    assertThat(c.members()).isEqualTo(List.of(
        new Member(1, "127.0.0.1", 5001), new Member(2, "127.0.0.1", 5002)));
    assertThatThrownBy(() -> c.require(3)).hasMessageContaining("server id 3 is not listed");
  }

  @Test
  void unclosedArrayIsOneLine() {
    assertThatThrownBy(() -> CoordinationConfig.parse(F, "[[1, \"127.0.0.1\", 10000]"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(F + ": invalid JSON at line 1, column 25: an array opened at line 1,"
            + " column 1 is not closed");
  }

  @Test
  void directoryIsNotAFile(@TempDir Path dir) throws IOException {
    Path asDirectory = Files.createDirectory(dir.resolve("coordination.json"));
    assertThatThrownBy(() -> CoordinationConfig.load(asDirectory))
        .isInstanceOf(ConfigException.class)
        .hasMessage(asDirectory + " is a directory, not a file");
  }

  @Test
  void constructorRequiresOrderedIds() {
    assertThatThrownBy(() -> new CoordinationConfig(List.of(new Member(2, "127.0.0.1", 1))))
        .isInstanceOf(ConfigException.class);
  }
}
