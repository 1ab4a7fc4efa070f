package io.memgraph.ha.query.show;

import io.memgraph.ha.query.ast.Statement;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a {@code SHOW} command (or {@code TERMINATE TRANSACTIONS}): every one its
 * {@code YIELD} can name, in Neo4j 5's order, and the default ones it shows without YIELD (a
 * subsequence of them). A command's table has a value for every column; those we do not have
 * hold null.
 */
public final class ShowColumns {
    /** {@code SHOW INDEXES}. */
    public static final ShowColumns INDEXES = new ShowColumns(List.of("id", "name", "state", "populationPercent",
            "type", "entityType", "labelsOrTypes", "properties", "indexProvider", "owningConstraint", "lastRead",
            "readCount", "trackedSince", "options", "failureMessage", "createStatement"), 12);
    /** {@code SHOW CONSTRAINTS}. */
    public static final ShowColumns CONSTRAINTS = new ShowColumns(List.of("id", "name", "type", "entityType",
            "labelsOrTypes", "properties", "ownedIndex", "propertyType", "options", "createStatement"), 8);
    /** {@code SHOW PROCEDURES}. */
    public static final ShowColumns PROCEDURES = new ShowColumns(List.of("name", "description", "mode",
            "worksOnSystem", "signature", "argumentDescription", "returnDescription", "admin", "rolesExecution",
            "rolesBoostedExecution", "isDeprecated", "deprecatedBy", "option"), 4);
    /** {@code SHOW FUNCTIONS}. */
    public static final ShowColumns FUNCTIONS = new ShowColumns(List.of("name", "category", "description",
            "signature", "isBuiltIn", "argumentDescription", "returnDescription", "aggregating", "rolesExecution",
            "rolesBoostedExecution", "isDeprecated", "deprecatedBy"), 3);
    /** {@code SHOW DATABASES} and {@code SHOW DATABASE name}: Neo4j 5's 26 columns. */
    public static final ShowColumns DATABASES = databases(true);
    /** {@code SHOW DEFAULT DATABASE} and {@code SHOW HOME DATABASE}: the same without {@code default} and {@code home}. */
    public static final ShowColumns DEFAULT_DATABASE = databases(false);
    /**
     * {@code SHOW TRANSACTIONS}: Neo4j 5's columns, then Memgraph's ({@code transaction_id},
     * {@code query}, {@code metadata}); the default ones are Neo4j's, its {@code metaData} (which
     * users of Memgraph's {@code SHOW TRANSACTIONS} see by default) and Memgraph's, so that tools
     * of both products find theirs by name.
     */
    public static final ShowColumns TRANSACTIONS = new ShowColumns(List.of("database", "transactionId",
            "currentQueryId", "connectionId", "clientAddress", "username", "currentQuery", "startTime", "status",
            "elapsedTime", "outerTransactionId", "metaData", "parameters", "planner", "runtime", "indexes",
            "currentQueryStartTime", "protocol", "requestUri", "currentQueryStatus", "statusDetails",
            "resourceInformation", "activeLockCount", "currentQueryActiveLockCount", "cpuTime", "waitTime", "idleTime",
            "currentQueryElapsedTime", "currentQueryCpuTime", "currentQueryWaitTime", "currentQueryIdleTime",
            "currentQueryAllocatedBytes", "allocatedDirectBytes", "estimatedUsedHeapMemory", "pageHits", "pageFaults",
            "currentQueryPageHits", "currentQueryPageFaults", "initializationStackTrace", "transaction_id", "query",
            "metadata"),
            List.of("database", "transactionId", "currentQueryId", "connectionId", "clientAddress", "username",
                    "currentQuery", "startTime", "status", "elapsedTime", "metaData", "transaction_id", "query",
                    "metadata"));
    /**
     * {@code TERMINATE TRANSACTIONS}: Neo4j 5's three columns, then Memgraph's two
     * ({@code transaction_id}, {@code killed}); all of them default ones.
     */
    public static final ShowColumns TERMINATE = new ShowColumns(List.of("transactionId", "username", "message",
            "transaction_id", "killed"), 5);
    /** {@code SHOW USERS} and {@code SHOW CURRENT USER}: Neo4j 5's five columns, all default ones. */
    public static final ShowColumns USERS = new ShowColumns(List.of("user", "roles", "passwordChangeRequired",
            "suspended", "home"), 5);
    /** {@code SHOW SERVERS}. */
    public static final ShowColumns SERVERS = new ShowColumns(List.of("serverId", "name", "address", "httpAddress",
            "httpsAddress", "state", "health", "hosting", "requestedHosting", "tags", "allowedDatabases",
            "deniedDatabases", "modeConstraint", "version"),
            List.of("name", "address", "state", "health", "hosting"));
    /** {@code SHOW ALIASES FOR DATABASES}. */
    public static final ShowColumns ALIASES = new ShowColumns(List.of("name", "composite", "database", "location",
            "url", "user", "driver", "properties"), 6);
    /** {@code SHOW SETTINGS}. */
    public static final ShowColumns SETTINGS = new ShowColumns(List.of("name", "value", "isDynamic", "defaultValue",
            "description", "startupValue", "isExplicitlySet", "validValues", "isDeprecated"), 5);

    private final List<String> all;
    private final List<String> defaults;
    private final int[] defaultIndexes;

    private ShowColumns(List<String> all, int defaults) {
        this(all, all.subList(0, defaults));
    }

    private ShowColumns(List<String> all, List<String> defaults) {
        this.all = List.copyOf(all);
        this.defaults = List.copyOf(defaults);
        this.defaultIndexes = indexes(defaults);
    }

    private static ShowColumns databases(boolean defaultAndHome) {
        List<String> all = new ArrayList<>(List.of("name", "type", "aliases", "access", "databaseID", "serverID",
                "address", "role", "writer", "requestedStatus", "currentStatus", "statusMessage", "default", "home",
                "currentPrimariesCount", "currentSecondariesCount", "requestedPrimariesCount",
                "requestedSecondariesCount", "creationTime", "lastStartTime", "lastStopTime", "store",
                "lastCommittedTxn", "replicationLag", "constituents", "options"));
        List<String> defaults = new ArrayList<>(List.of("name", "type", "aliases", "access", "address", "role",
                "writer", "requestedStatus", "currentStatus", "statusMessage", "default", "home", "constituents"));
        if (!defaultAndHome) {
            all.removeAll(List.of("default", "home"));
            defaults.removeAll(List.of("default", "home"));
        }
        return new ShowColumns(all, defaults);
    }

    /** The columns of {@code command}. */
    public static ShowColumns of(Statement.Listing command) {
        if (command instanceof Statement.ShowIndexes) {
            return INDEXES;
        } else if (command instanceof Statement.ShowConstraints) {
            return CONSTRAINTS;
        } else if (command instanceof Statement.ShowProcedures) {
            return PROCEDURES;
        } else if (command instanceof Statement.ShowFunctions) {
            return FUNCTIONS;
        } else if (command instanceof Statement.ShowDatabases databases) {
            return databases.listsDefaultAndHome() ? DATABASES : DEFAULT_DATABASE;
        } else if (command instanceof Statement.ShowUsers) {
            return USERS;
        } else if (command instanceof Statement.ShowServers) {
            return SERVERS;
        } else if (command instanceof Statement.ShowAliases) {
            return ALIASES;
        } else if (command instanceof Statement.ShowSettings) {
            return SETTINGS;
        }
        return command instanceof Statement.ShowTransactions ? TRANSACTIONS : TERMINATE;
    }

    /** Every column, in Neo4j's order: what {@code YIELD *} returns. */
    public List<String> all() {
        return all;
    }

    /** The columns shown without YIELD. */
    public List<String> defaults() {
        return defaults;
    }

    /** The positions in {@link #all()} of {@code names}, each of which must be a column. */
    public int[] indexes(List<String> names) {
        int[] at = new int[names.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = all.indexOf(names.get(i));
            if (at[i] < 0) {
                throw new IllegalArgumentException("no column " + names.get(i) + " in " + all);
            }
        }
        return at;
    }

    /** The default columns' values of a full row (one value per column of {@link #all()}). */
    public Object[] defaultsOf(Object[] row) {
        Object[] shown = new Object[defaultIndexes.length];
        for (int i = 0; i < shown.length; i++) {
            shown[i] = row[defaultIndexes[i]];
        }
        return shown;
    }
}
