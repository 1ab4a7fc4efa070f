package io.memgraph.ha.raft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RaftConfigTest {
  private static final String F = "/etc/memgraph/raft.json";

  private static String json(String min, String max, String hb, String repl, String thr) {
    return "{\"election_timeout_min\": " + min + ", \"election_timeout_max\": " + max
        + ", \"heartbeat_interval\": " + hb + ", \"replication_timeout\": " + repl
        + ", \"log_size_snapshot_threshold\": " + thr + "}";
  }

  @Test
  void shippedDefaultsParse() {
    Path shipped = Paths.get("..", "etc", "raft.json");
    RaftConfig c = RaftConfig.load(shipped);
    assertThat(c).isEqualTo(RaftConfig.DEFAULTS);
    assertThat(c.snapshotsEnabled()).isTrue();
  }

  @Test
  void minusOneThresholdMeansNever() {
    RaftConfig c = RaftConfig.parse(F, json("200", "500", "100", "10000", "-1"));
    assertThat(c.snapshotsEnabled()).isFalse();
    assertThat(c.electionTimeoutMin()).isEqualTo(200);
    assertThat(c.heartbeatInterval()).isEqualTo(100);
  }

  @Test
  void minNotBelowMaxNamesFileAndBothValues() {
    assertThatThrownBy(() -> RaftConfig.parse(F, json("1000", "750", "100", "20000", "50000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/etc/memgraph/raft.json: \"election_timeout_min\" (1000) must be less than"
            + " \"election_timeout_max\" (750)");
    assertThatThrownBy(() -> RaftConfig.parse(F, json("750", "750", "100", "20000", "50000")))
        .hasMessageContaining("must be less than");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0|1000|100|20000|5|\"election_timeout_min\" (0) must be a positive",
      "750|-3|100|20000|5|\"election_timeout_max\" (-3) must be a positive",
      "750|1000|0|20000|5|\"heartbeat_interval\" (0) must be a positive",
      "750|1000|100|0|5|\"replication_timeout\" (0) must be a positive",
      "750|1000|400|20000|5|\"heartbeat_interval\" (400) must be at most half of",
      "750|1000|100|20000|0|\"log_size_snapshot_threshold\" (0) must be -1",
      "750|1000|100|20000|-2|\"log_size_snapshot_threshold\" (-2) must be -1",
      "750|100000000000|100|20000|5|\"election_timeout_max\" (100000000000) must be at most",
      "750|1000|100|20000.5|5|\"replication_timeout\" must be an integer, found 20000.5",
      "750|\"1000\"|100|20000|5|\"election_timeout_max\" must be an integer, found \"1000\"",
      "750|1000|null|20000|5|\"heartbeat_interval\" must be an integer, found null",
      "750|1000|100|20000|99999999999999999999|\"log_size_snapshot_threshold\" must be an integer",
  })
  void invalidValuesAreRefusedWithTheKeyAndValue(
      String min, String max, String hb, String repl, String thr, String expected) {
    assertThatThrownBy(() -> RaftConfig.parse(F, json(min, max, hb, repl, thr)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(F + ": ")
        .hasMessageContaining(expected);
  }

  @Test
  void everyKeyIsRequired() {
    String full = json("750", "1000", "100", "20000", "50000");
    for (String key : new String[] {"election_timeout_min", "election_timeout_max",
        "heartbeat_interval", "replication_timeout", "log_size_snapshot_threshold"}) {
      String without = full.replaceFirst("\"" + key + "\": [-0-9]+,? ?", "").replace(", }", "}");
      assertThatThrownBy(() -> RaftConfig.parse(F, without))
          .as(without)
          .hasMessage(F + ": missing required key \"" + key + "\"");
    }
  }

  @Test
  void unknownKeyIsAnError() {
    String typo = json("750", "1000", "100", "20000", "50000").replace("}", ", \"heartbeat_intreval\": 5}");
    assertThatThrownBy(() -> RaftConfig.parse(F, typo))
        .hasMessageStartingWith(F + ": unknown key \"heartbeat_intreval\"");
  }

  @Test
  void duplicateKeyIsAnError() {
    String dup = json("750", "1000", "100", "20000", "50000").replace("}", ", \"heartbeat_interval\": 5}");
    assertThatThrownBy(() -> RaftConfig.parse(F, dup))
        .hasMessage(F + ": invalid JSON at line 1, column 176: duplicate key \"heartbeat_interval\"");
  }

  @Test
  void notAnObjectAndBrokenJson() {
    assertThatThrownBy(() -> RaftConfig.parse(F, "[1, 2]"))
        .hasMessageStartingWith(F + ": must be a JSON object");
    assertThatThrownBy(() -> RaftConfig.parse(F, "{\"election_timeout_min\": 750,"))
        .hasMessage(F + ": invalid JSON at line 1, column 30: the file ends too early");
    assertThatThrownBy(() -> RaftConfig.parse(F, "   "))
        .hasMessage(F + ": invalid JSON: the file is empty");
  }

  // Issue 13: the whole message is one line with the position and a short reason, never
  // Jackson's "[Source: REDACTED ...]" text or its character codes.
  @ParameterizedTest
  @MethodSource("brokenJson")
  void brokenJsonIsOneLineWithPositionAndReason(String json, String expected) {
    assertThatThrownBy(() -> RaftConfig.parse(F, json))
        .isInstanceOf(ConfigException.class)
        .hasMessage(F + ": invalid JSON at " + expected);
  }

  static Stream<Arguments> brokenJson() {
    String min = "{\"election_timeout_min\"";
    return Stream.of(
        arguments("[1, 2",
            "line 1, column 6: an array opened at line 1, column 1 is not closed"),
        arguments("{\n  \"heartbeat_interval\": [100\n",
            "line 3, column 1: an array opened at line 2, column 25 is not closed"),
        arguments(min + ": 750",
            "line 1, column 29: an object opened at line 1, column 1 is not closed"),
        arguments(min + ": 750]", "line 1, column 29: unexpected ']', expected '}' to close"
            + " the object opened at line 1, column 1"),
        arguments(min + ": x}", "line 1, column 27: unexpected word 'x', expected a value"),
        arguments(min + ": 750 \"x\": 1}",
            "line 1, column 30: unexpected character '\"', expected ',' or '}'"),
        arguments("{election_timeout_min: 750}",
            "line 1, column 2: unexpected character 'e', expected a key in double quotes"),
        arguments(min + " 750}", "line 1, column 25: unexpected character '7', expected ':'"),
        arguments(min + ": 750,}",
            "line 1, column 30: unexpected character '}', expected a key in double quotes"),
        arguments(min + ": \"750", "line 1, column 30: a string is not closed"),
        arguments(min + ": 750} {}", "line 1, column 31: more text after the end of the JSON value"),
        arguments(min + ": 750}}", "line 1, column 30: unexpected '}': nothing is open for it to close"),
        arguments(min + ": \"7\n50\"}", "line 1, column 28: control character (code 10)"
            + " inside a string; write it escaped"),
        // Not one of the texts we shorten: Jackson's own sentence, still one line.
        arguments(min + ": 0750}",
            "line 1, column 27: Invalid numeric value: Leading zeroes not allowed"));
  }

  @Test
  void missingAndUnreadableFiles(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("raft.json");
    assertThatThrownBy(() -> RaftConfig.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": file doesn't exist");
    Files.createDirectory(missing);
    assertThatThrownBy(() -> RaftConfig.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + " is a directory, not a file");
  }

  @Test
  void loadFromFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("raft.json");
    Files.writeString(f, json("150", "300", "30", "2000", "50"));
    assertThat(RaftConfig.load(f)).isEqualTo(new RaftConfig(150, 300, 30, 2000, 50));
  }

  @Test
  void constructorValidatesToo() {
    assertThatThrownBy(() -> new RaftConfig(300, 150, 30, 2000, 50))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be less than");
  }
}
