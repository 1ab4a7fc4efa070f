package io.memgraph.ha.raft.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a small JSON configuration file into a tree; every failure becomes a ConfigException. */
final class JsonFiles {
  // Duplicate keys are rejected: with two "heartbeat_interval" keys nobody can tell which wins.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonFiles() {}

  static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "file doesn't exist", e);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot read the file: " + e, e);
    }
    return parse(file.toString(), text);
  }

  static JsonNode parse(String source, String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ConfigException(source, "invalid json: the file is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null
          ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(source, "invalid json" + where + ": " + e.getOriginalMessage(), e);
    }
  }

  /** A human-readable rendering of a JSON value for error messages. */
  static String show(JsonNode node) {
    String s = node.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
