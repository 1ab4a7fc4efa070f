package io.memgraph.ha.raft.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Jackson parse failure into one short line: {@code invalid JSON at line L, column C:
 * <reason>}. Jackson's own text names its internal source ("[Source: REDACTED ...]") and codes;
 * an operator fixing a config file needs the position and what is wrong there, nothing else.
 */
final class JsonSyntaxMessage {
  // Jackson appends where the open array or object started, e.g.
  // " (start marker at [Source: REDACTED (...); line: 1, column: 1])".
  private static final Pattern NO_OPEN =
      Pattern.compile("^Unexpected close marker '(.)': no open");
  private static final Pattern START_MARKER = Pattern.compile(
      " \\((?:start marker at|for (?:Array|Object) starting at) \\[Source: .*?; line: (\\d+),"
          + " column: (\\d+)\\]\\)");
  private static final Pattern UNCLOSED =
      Pattern.compile("Unexpected end-of-input: expected close marker for (Array|Object)");
  private static final Pattern WRONG_CLOSE =
      Pattern.compile("Unexpected close marker '(.)': expected '(.)'");
  private static final Pattern UNEXPECTED_CHAR =
      Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\)(.*)", Pattern.DOTALL);
  private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '(.*?)'.*",
      Pattern.DOTALL);
  private static final Pattern CONTROL_CHAR =
      Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
          Pattern.DOTALL);
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

  private JsonSyntaxMessage() {}

  /** The whole problem text for {@code e}, starting with "invalid JSON". */
  static String of(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1
        ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "invalid JSON" + where + ": " + reason(e.getOriginalMessage());
  }

  /** A short, single-line reason for Jackson's original message (without its location). */
  static String reason(String original) {
    if (original == null || original.isBlank()) {
      return "the file is not valid JSON";
    }
    String opened = "";
    Matcher marker = START_MARKER.matcher(original);
    if (marker.find()) {
      opened = " opened at line " + marker.group(1) + ", column " + marker.group(2);
      original = marker.replaceAll("");
    }
    Matcher m;
    if ((m = UNCLOSED.matcher(original)).matches()) {
      String what = m.group(1).equals("Array") ? "an array" : "an object";
      return what + opened + " is not closed";
    }
    if ((m = WRONG_CLOSE.matcher(original)).matches()) {
      String what = m.group(2).equals("]") ? "the array" : "the object";
      return "unexpected '" + m.group(1) + "', expected '" + m.group(2) + "' to close " + what
          + opened;
    }
    if ((m = UNEXPECTED_CHAR.matcher(original)).matches()) {
      return "unexpected character '" + m.group(1) + "'" + expectation(m.group(2));
    }
    if ((m = UNRECOGNIZED_TOKEN.matcher(original)).matches()) {
      return "unexpected word '" + oneLine(m.group(1)) + "', expected a value";
    }
    if ((m = CONTROL_CHAR.matcher(original)).matches()) {
      return "control character (code " + m.group(1) + ") inside a string; write it escaped";
    }
    if ((m = DUPLICATE.matcher(original)).matches()) {
      return "duplicate key \"" + oneLine(m.group(1)) + "\"";
    }
    if (original.contains("was expecting closing quote")) {
      return "a string is not closed";
    }
    if ((m = NO_OPEN.matcher(original)).find()) {
      return "unexpected '" + m.group(1) + "': nothing is open for it to close";
    }
    if (original.startsWith("Trailing token")) {
      return "more text after the end of the JSON value";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "the file ends too early";
    }
    return oneLine(original);
  }

  private static String expectation(String rest) {
    if (rest.contains("comma to separate Array")) {
      return ", expected ',' or ']'";
    }
    if (rest.contains("comma to separate Object")) {
      return ", expected ',' or '}'";
    }
    if (rest.contains("double-quote to start field name")) {
      return ", expected a key in double quotes";
    }
    if (rest.contains("expected a valid value")) {
      return ", expected a value";
    }
    if (rest.contains("colon to separate field name and value")) {
      return ", expected ':'";
    }
    return "";
  }

  // Jackson may quote the offending input, which can hold line breaks or a huge token.
  private static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ").strip();
    return flat.length() > 80 ? flat.substring(0, 77) + "..." : flat;
  }
}
