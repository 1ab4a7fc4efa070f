package io.memgraph.ha.bolt.server.spi;

/**
 * A notification for a result's summary (a warning or information about the query), as the
 * backend gives it; the server writes it in the negotiated version's shape ({@code notifications}
 * up to Bolt 5.4, GQL status objects in {@code statuses} from 5.6) after the client's filters.
 *
 * @param code the Neo4j code, e.g. {@code Neo.ClientNotification.Statement.CartesianProduct}
 * @param title a short title
 * @param description the full description
 * @param severity {@code WARNING} or {@code INFORMATION}
 * @param category the category (classification from Bolt 5.6), e.g. {@code PERFORMANCE}
 * @param position where in the query it applies, or {@code null}
 * @param gqlStatus the GQL status code, e.g. {@code 03N90}
 * @param statusDescription the GQL status description
 */
public record Notification(String code, String title, String description, String severity, String category,
    Position position, String gqlStatus, String statusDescription) {

  /** A place in the query text: 0-based offset, 1-based line and column. */
  public record Position(int offset, int line, int column) {}
}
