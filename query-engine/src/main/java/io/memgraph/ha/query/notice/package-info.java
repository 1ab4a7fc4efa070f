/**
 * Notifications: the warnings and information Neo4j 5 puts in a query's result summary, with its
 * codes and wording ({@link io.memgraph.ha.query.notice.Notification}, made by
 * {@link io.memgraph.ha.query.notice.Notifications}). The planner keeps those of the query's text
 * with the plan; {@link io.memgraph.ha.query.notice.NameChecks} adds, per execution, those that
 * depend on the data (names the database has never had).
 */
package io.memgraph.ha.query.notice;
