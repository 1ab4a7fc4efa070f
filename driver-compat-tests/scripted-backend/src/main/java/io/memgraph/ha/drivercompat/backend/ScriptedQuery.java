package io.memgraph.ha.drivercompat.backend;

import java.util.List;
import java.util.Objects;

/**
 * What the scripted backend answers to one query text: a result (field names and rows), a
 * failure with a Neo4j status code, or an echo of the query parameters.
 *
 * @param fields         the column names
 * @param rows           the records, each in field order
 * @param failureCode    when not null, RUN fails with this code instead of producing a result
 * @param failureMessage the failure message
 * @param echo           when true, the result is one record holding the RUN's parameters, one field
 *                       per parameter in the order the driver sent them
 */
public record ScriptedQuery(List<String> fields, List<List<Object>> rows, String failureCode, String failureMessage,
    boolean echo) {

  /** Validates the rows against the fields. */
  public ScriptedQuery {
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(rows, "rows");
    for (List<Object> row : rows) {
      if (row.size() != fields.size()) {
        throw new IllegalArgumentException("row " + row + " has " + row.size() + " values for fields " + fields);
      }
    }
  }

  /** A query that produces these rows. */
  public static ScriptedQuery result(List<String> fields, List<List<Object>> rows) {
    return new ScriptedQuery(fields, rows, null, null, false);
  }

  /** A query whose RUN fails with the given Neo4j status code. */
  public static ScriptedQuery failure(String code, String message) {
    return new ScriptedQuery(List.of(), List.of(), code, message, false);
  }

  /** A query that returns its parameters as one record (driver to server to driver round trip). */
  public static ScriptedQuery echoParameters() {
    return new ScriptedQuery(List.of(), List.of(), null, null, true);
  }
}
