package io.memgraph.ha.query.notice;

import io.memgraph.ha.query.ast.Position;

/**
 * One notification of a query's result summary, as Neo4j 5 gives it: its Neo4j code, title and
 * description (the Bolt {@code notifications} entries up to 5.5), and its GQL status and status
 * description (the Bolt 5.6+ {@code statuses}). Immutable.
 *
 * @param code              the Neo4j code, {@code Neo.ClientNotification.<Kind>.<Name>}
 * @param title             a short title
 * @param description       what happened, naming the query's part it is about
 * @param severity          WARNING or INFORMATION
 * @param category          the category (Bolt 5.6+: the classification)
 * @param position          where in the query text it applies, or null (the whole query)
 * @param gqlStatus         the GQL status code ({@code 01N50}, {@code 03N90}, ...)
 * @param statusDescription the GQL status description ({@code warn: unknown label. ...})
 */
public record Notification(String code, String title, String description, Severity severity, Category category,
                           Position position, String gqlStatus, String statusDescription) {

    /** How serious a notification is; a filter's minimum severity drops those below it. */
    public enum Severity { INFORMATION, WARNING }

    /** Neo4j 5's notification categories (GQL classifications from Bolt 5.6). */
    public enum Category { HINT, UNRECOGNIZED, UNSUPPORTED, PERFORMANCE, DEPRECATION, SECURITY, TOPOLOGY, SCHEMA,
        GENERIC }
}
