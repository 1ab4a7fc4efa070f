package io.memgraph.ha.raft.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a small JSON configuration file into a tree; every failure becomes a ConfigException. */
final class JsonFiles {
  // Duplicate keys are rejected: with two "heartbeat_interval" keys nobody can tell which wins.
  // Text after the value (a second object, a stray brace) is an error too: it is a mistake.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonFiles() {}

  static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw readFailure(file, e);
    }
    return parse(file.toString(), text);
  }

  /** One line saying why {@code file} could not be read, without Java's exception names. */
  static ConfigException readFailure(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new ConfigException(file.toString(), "file doesn't exist", e);
    }
    if (Files.isDirectory(file)) {
      return ConfigException.sentence(file, "is a directory, not a file", e);
    }
    if (e instanceof AccessDeniedException) {
      return ConfigException.sentence(file, "cannot be read: permission denied", e);
    }
    // FileSystemException's message repeats the path; its reason alone is the useful part.
    String reason = e instanceof FileSystemException fse && fse.getReason() != null
        ? fse.getReason()
        : e.getMessage();
    if (reason == null || reason.isBlank()) {
      return ConfigException.sentence(file, "cannot be read: " + e.getClass().getSimpleName(), e);
    }
    String text = reason.replaceAll("\\s+", " ").strip();
    return ConfigException.sentence(file, "cannot be read: "
        + Character.toLowerCase(text.charAt(0)) + text.substring(1), e);
  }

  static JsonNode parse(String source, String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ConfigException(source, "invalid JSON: the file is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, JsonSyntaxMessage.of(e), e);
    }
  }

  /** A human-readable rendering of a JSON value for error messages. */
  static String show(JsonNode node) {
    String s = node.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
