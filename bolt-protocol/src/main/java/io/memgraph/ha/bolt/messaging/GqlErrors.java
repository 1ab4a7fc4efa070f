package io.memgraph.ha.bolt.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GQL shape of an error for Bolt 5.7+: the GQLSTATUS and its description that go with a
 * classic Neo4j status code, and the diagnostic record. Drivers still decide exception types and
 * retries from {@code neo4j_code}; the GQLSTATUS names the error's class as the GQL standard
 * does: {@code 42001} invalid syntax, {@code 42000} another error of the statement, {@code 22000}
 * a data exception (a wrong type or value, a violated constraint), {@code 40000} a transaction
 * rolled back by a transient condition, and {@code 50N42} (Neo4j's general processing error) for
 * the rest.
 */
public final class GqlErrors {

  private GqlErrors() {}

  /** The GQLSTATUS for a Neo4j status code. */
  public static String status(String neo4jCode) {
    String code = neo4jCode == null ? "" : neo4jCode;
    if (code.equals("Neo.ClientError.Statement.SyntaxError")) {
      return "42001";
    }
    if (code.startsWith("Neo.ClientError.Statement.TypeError") || code.startsWith("Neo.ClientError.Statement.Argument")
        || code.startsWith("Neo.ClientError.Statement.Arithmetic")
        || code.startsWith("Neo.ClientError.Schema.ConstraintValidationFailed")) {
      return "22000";
    }
    if (code.startsWith("Neo.ClientError.Statement.")) {
      return "42000";
    }
    if (code.startsWith("Neo.TransientError.Transaction.")) {
      return "40000";
    }
    return "50N42";
  }

  /** The description of a GQLSTATUS that {@link #status} gives, with the error's own message. */
  public static String description(String gqlStatus, String message) {
    String condition = switch (gqlStatus) {
      case "42001" -> "syntax error or access rule violation - invalid syntax";
      case "42000" -> "syntax error or access rule violation";
      case "22000" -> "data exception";
      case "40000" -> "transaction rollback";
      default -> "general processing exception - unexpected error";
    };
    return "error: " + condition + ". " + message;
  }

  /**
   * The diagnostic record: the three keys GQL defines (empty operation, the root schema) and the
   * classification drivers show, taken from the status code's second part.
   */
  public static Map<String, Object> diagnosticRecord(String neo4jCode) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("OPERATION", "");
    record.put("OPERATION_CODE", "0");
    record.put("CURRENT_SCHEMA", "/");
    String[] parts = neo4jCode == null ? new String[0] : neo4jCode.split("\\.");
    String classification = parts.length < 2 ? null : switch (parts[1]) {
      case "ClientError" -> "CLIENT_ERROR";
      case "TransientError" -> "TRANSIENT_ERROR";
      case "DatabaseError" -> "DATABASE_ERROR";
      default -> null;
    };
    if (classification != null) {
      record.put("_classification", classification);
    }
    return record;
  }

  /** The whole FAILURE metadata of Bolt 5.7+ for a status code and message. */
  public static Map<String, Object> failureMetadata(String neo4jCode, String message) {
    String status = status(neo4jCode);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("neo4j_code", neo4jCode);
    m.put("message", message);
    m.put("gql_status", status);
    m.put("description", description(status, message));
    m.put("diagnostic_record", diagnosticRecord(neo4jCode));
    return m;
  }
}
