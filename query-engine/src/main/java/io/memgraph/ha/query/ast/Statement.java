package io.memgraph.ha.query.ast;

import java.util.List;

/**
 * A whole statement as sent by a client: a Cypher query, EXPLAIN/PROFILE of one, or one of the
 * schema and information commands Memgraph and Neo4j offer.
 */
public sealed interface Statement permits Query, Statement.Explain, Statement.Profile, Statement.CreateIndex,
        Statement.CreateVectorIndex, Statement.CreateFulltextIndex, Statement.ShowVectorIndexInfo, Statement.DropIndex, Statement.CreateConstraint, Statement.DropConstraint, Statement.ShowIndexInfo,
        Statement.ShowConstraintInfo, Statement.ShowStorageInfo, Statement.ShowRaftInfo, MemgraphCommand,
        Statement.CreateUser, Statement.AlterUser, Statement.AlterCurrentUser, Statement.DropUser, Statement.Listing,
        Statement.DumpDatabase {

    /** EXPLAIN: plan the query and return the plan as rows without running it. */
    record Explain(Query query) implements Statement {}

    /** PROFILE: run the query and report rows and time per operator. */
    record Profile(Query query) implements Statement {}

    /**
     * {@code CREATE INDEX ON :L(p)} (Memgraph; {@code properties} may be empty for a label index
     * or hold several) or {@code CREATE INDEX [name] [IF NOT EXISTS] FOR (n:L) ON (n.p, ...)} and
     * {@code ... FOR ()-[r:T]-() ON (r.p, ...)} (Neo4j; name may be null; {@code relationship} for
     * the second, whose {@code label} is the type). {@code strict}: the Neo4j form, which fails on
     * an index that exists unless IF NOT EXISTS; the Memgraph form leaves it as it is.
     */
    record CreateIndex(String name, String label, List<String> properties, boolean relationship,
                       boolean ifNotExists, boolean strict, Position position) implements Statement {}

    /**
     * {@code CREATE VECTOR INDEX [name | $param] [IF NOT EXISTS] FOR (n:L) ON (n.p) [OPTIONS {...}]}
     * or {@code FOR ()-[r:T]-() ON (r.p)} (Neo4j 5; {@code ON n.p} too) or {@code CREATE VECTOR
     * [EDGE] INDEX name ON :L(p) [WITH CONFIG {...}]} ({@code memgraph}). {@code relationships}:
     * {@code label} is a relationship type. {@code name} and {@code nameParameter} may both be null
     * (a generated name); {@code options} is the OPTIONS or CONFIG expression, evaluated with the
     * query's parameters when the statement runs, or null.
     */
    record CreateVectorIndex(String name, String nameParameter, String label, boolean relationships, String property,
                             boolean ifNotExists, Expression options, boolean memgraph, Position position)
            implements Statement {}

    /**
     * {@code CREATE FULLTEXT INDEX [name | $param] [IF NOT EXISTS] FOR (n:L1|L2) ON EACH [n.p, ...]
     * [OPTIONS {...}]} or {@code FOR ()-[r:T1|T2]-() ON EACH [r.p]} (Neo4j 5), or {@code CREATE TEXT
     * [EDGE] INDEX name ON :L[(p, ...)]} ({@code memgraph}; no properties: every one). Names and
     * options as in {@link CreateVectorIndex}.
     */
    record CreateFulltextIndex(String name, String nameParameter, List<String> labels, boolean relationships,
                               List<String> properties, boolean ifNotExists, Expression options, boolean memgraph,
                               Position position) implements Statement {}

    /** Memgraph's {@code SHOW VECTOR INDEX INFO}: its columns for each vector index. */
    record ShowVectorIndexInfo() implements Statement {}

    /**
     * {@code DROP INDEX ON :L(p)} (name null) or {@code DROP INDEX name [IF EXISTS]} (label null);
     * {@code relationship} for Memgraph's {@code DROP EDGE INDEX ON :T(p)}, whose {@code label} is the type.
     */
    record DropIndex(String name, String label, List<String> properties, boolean relationship, boolean ifExists,
                     Position position) implements Statement {
        /** A node index's. */
        public DropIndex(String name, String label, List<String> properties, boolean ifExists, Position position) {
            this(name, label, properties, false, ifExists, position);
        }
    }

    /**
     * The kind of a constraint: {@code IS UNIQUE}, {@code IS NOT NULL} / {@code EXISTS}, {@code IS NODE
     * KEY}, {@code IS :: <type>}.
     */
    enum ConstraintKind { UNIQUE, EXISTS, NODE_KEY, PROPERTY_TYPE }

    /**
     * {@code CREATE CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE} (or several properties), {@code ASSERT
     * EXISTS (n.p)} and {@code ASSERT n.p IS TYPED <type>} (Memgraph), or {@code CREATE CONSTRAINT
     * [name | $name] [IF NOT EXISTS] FOR (n:L) REQUIRE n.p IS UNIQUE | IS NOT NULL | IS NODE KEY | IS
     * :: <type>} (Neo4j; several properties in parentheses; {@code FOR ()-[r:T]-()} for a property
     * type constraint on relationships). {@code strict} as for {@link CreateIndex}; {@code
     * propertyType} only for {@link ConstraintKind#PROPERTY_TYPE}.
     */
    record CreateConstraint(String name, String nameParameter, String variable, String label, boolean relationship,
                            ConstraintKind kind, List<String> properties, CypherType propertyType, boolean ifNotExists,
                            boolean strict, Position position) implements Statement {}

    /** {@code DROP CONSTRAINT ON (n:L) ASSERT ...} or {@code DROP CONSTRAINT name [IF EXISTS]} (label null). */
    record DropConstraint(String name, String variable, String label, boolean relationship, ConstraintKind kind,
                          List<String> properties, CypherType propertyType, boolean ifExists, Position position)
            implements Statement {}

    /**
     * A command whose rows Neo4j 5's {@code YIELD ... WHERE ... RETURN ...} may shape: {@code SHOW
     * INDEXES}, {@code CONSTRAINTS}, {@code PROCEDURES}, {@code FUNCTIONS}, {@code DATABASES},
     * {@code TRANSACTIONS}, {@code TERMINATE TRANSACTIONS}, {@code USERS}, {@code SERVERS},
     * {@code ALIASES} and {@code SETTINGS}.
     */
    sealed interface Listing extends Statement permits ShowIndexes, ShowConstraints, ShowProcedures, ShowFunctions,
            ShowDatabases, ShowTransactions, TerminateTransactions, ShowUsers, ShowServers, ShowAliases, ShowSettings {
        /** What follows the command, or null: then its default columns, every row. */
        ShowTail tail();
    }

    /**
     * {@code SHOW [ALL | RANGE | LOOKUP | FULLTEXT | TEXT | POINT | VECTOR] INDEXES [tail]} (Neo4j 5
     * columns).
     *
     * @param type the {@code type} of the indexes to list ({@code RANGE}, ...), or null for every one
     */
    record ShowIndexes(String type, ShowTail tail) implements Listing {
        /** Every index, without a tail. */
        public ShowIndexes() {
            this(null, null);
        }

        /** Every index. */
        public ShowIndexes(ShowTail tail) {
            this(null, tail);
        }
    }

    /**
     * {@code SHOW [ALL | UNIQUE | KEY | EXISTENCE | NODE KEY | ...] CONSTRAINTS [tail]} (Neo4j 5
     * columns).
     *
     * @param types the {@code type}s of the constraints to list ({@code UNIQUENESS},
     *     {@code RELATIONSHIP_KEY}, ...), or empty for every one
     */
    record ShowConstraints(List<String> types, ShowTail tail) implements Listing {
        /** Copies the list. */
        public ShowConstraints {
            types = List.copyOf(types);
        }

        /** Every constraint, without a tail. */
        public ShowConstraints() {
            this(List.of(), null);
        }

        /** Every constraint. */
        public ShowConstraints(ShowTail tail) {
            this(List.of(), tail);
        }
    }

    /** {@code SHOW SERVER[S] [tail]} (Neo4j 5): the servers of the cluster. */
    record ShowServers(ShowTail tail) implements Listing {}

    /**
     * {@code SHOW ALIAS[ES] [name] FOR DATABASE[S] [tail]} (Neo4j 5): database aliases, of which there
     * are none.
     *
     * @param name the alias named (a name), else null
     * @param parameter the parameter holding its name ({@code $p}), else null
     */
    record ShowAliases(String name, String parameter, ShowTail tail) implements Listing {}

    /**
     * {@code SHOW SETTING[S] [names] [tail]} (Neo4j 5): the server's settings, those named (string
     * literals, or one parameter holding a string or a list of strings) or every one.
     */
    record ShowSettings(TransactionIds names, ShowTail tail) implements Listing {}

    /** Which databases a {@link ShowDatabases} lists. */
    enum DatabaseScope {
        /** {@code SHOW DATABASES}. */
        ALL,
        /** {@code SHOW DATABASE name}. */
        NAMED,
        /** {@code SHOW DEFAULT DATABASE}. */
        DEFAULT,
        /** {@code SHOW HOME DATABASE}. */
        HOME
    }

    /**
     * {@code SHOW DATABASE[S]}, {@code SHOW DATABASE[S] name}, {@code SHOW DEFAULT DATABASE} or
     * {@code SHOW HOME DATABASE}, then a tail (Neo4j 5 columns).
     *
     * @param name the database named (scope {@code NAMED}, written as a name), else null
     * @param parameter the parameter holding the name (scope {@code NAMED}, written as {@code $p}), else null
     */
    record ShowDatabases(DatabaseScope scope, String name, String parameter, ShowTail tail) implements Listing {
        /** Without a tail. */
        public ShowDatabases(DatabaseScope scope, String name) {
            this(scope, name, null, null);
        }

        /** Whether it has Neo4j's {@code default} and {@code home} columns (not for DEFAULT and HOME). */
        public boolean listsDefaultAndHome() {
            return scope == DatabaseScope.ALL || scope == DatabaseScope.NAMED;
        }
    }

    /** {@code SHOW INDEX INFO}. */
    record ShowIndexInfo() implements Statement {}

    /** {@code SHOW CONSTRAINT INFO}. */
    record ShowConstraintInfo() implements Statement {}

    /** {@code SHOW STORAGE INFO}. */
    record ShowStorageInfo() implements Statement {}

    /** {@code SHOW RAFT INFO} (Memgraph HA: is this server the leader, and its term). */
    record ShowRaftInfo() implements Statement {}

    /** {@code SHOW PROCEDURES [tail]} (Neo4j 5): the procedures {@code CALL} can run. */
    record ShowProcedures(ShowTail tail) implements Listing {
        /** Without a tail. */
        public ShowProcedures() {
            this(null);
        }
    }

    /** {@code SHOW [ALL | BUILT IN] FUNCTIONS [tail]} (Neo4j 5): the functions expressions can call. */
    record ShowFunctions(ShowTail tail) implements Listing {
        /** Without a tail. */
        public ShowFunctions() {
            this(null);
        }
    }

    /**
     * A password in a user statement: a string literal, or a parameter (then {@code literal} is
     * null). Its {@code toString} never shows the literal.
     */
    record Password(String literal, String parameter) {
        @Override
        public String toString() {
            return parameter != null ? "Password[$" + parameter + "]" : "Password[literal]";
        }
    }

    /**
     * {@code CREATE USER [IF NOT EXISTS] name SET PASSWORD pw} (Neo4j) or
     * {@code ... IDENTIFIED BY pw} (Memgraph).
     */
    record CreateUser(String name, boolean ifNotExists, Password password, Position position) implements Statement {}

    /**
     * {@code ALTER USER name SET PASSWORD pw}, {@code ALTER USER name IDENTIFIED BY pw} or
     * {@code SET PASSWORD FOR name TO pw} (Memgraph).
     */
    record AlterUser(String name, Password password, Position position) implements Statement {}

    /**
     * {@code ALTER CURRENT USER SET PASSWORD FROM old TO new} (Neo4j): the session's user changes
     * its own password, giving the one it has.
     */
    record AlterCurrentUser(Password oldPassword, Password newPassword, Position position) implements Statement {}

    /** {@code DROP USER [IF EXISTS] name}. */
    record DropUser(String name, boolean ifExists, Position position) implements Statement {}

    /**
     * {@code SHOW USER[S] [tail]}: one row per user; {@code SHOW CURRENT USER [tail]}: the session's
     * user (Neo4j 5's columns; Memgraph's {@code user} is the first).
     */
    record ShowUsers(boolean current, ShowTail tail) implements Listing {
        /** {@code SHOW USERS} without a tail. */
        public ShowUsers() {
            this(false, null);
        }
    }

    /**
     * The transaction ids of {@code SHOW TRANSACTIONS} and {@code TERMINATE TRANSACTIONS} (and the
     * setting names of {@code SHOW SETTINGS}): string literals, or one parameter holding a string or
     * a list of strings.
     *
     * @param literals the ids written in the text (empty when there are none or a parameter)
     * @param parameter the name of the parameter, or null
     */
    record TransactionIds(List<String> literals, String parameter) {
        /** Copies the list. */
        public TransactionIds {
            literals = List.copyOf(literals);
        }
    }

    /** {@code SHOW TRANSACTION[S] [ids] [tail]}: the transactions running on the server (all of them without ids). */
    record ShowTransactions(TransactionIds ids, ShowTail tail) implements Listing {
        /** Without a tail. */
        public ShowTransactions(TransactionIds ids) {
            this(ids, null);
        }
    }

    /** {@code TERMINATE TRANSACTION[S] ids [tail]}: asks each named transaction to stop. */
    record TerminateTransactions(TransactionIds ids, ShowTail tail) implements Listing {
        /** Without a tail. */
        public TerminateTransactions(TransactionIds ids) {
            this(ids, null);
        }
    }

    /**
     * {@code DUMP DATABASE} (Memgraph): the graph and its schema as Cypher statements, one per row
     * of column {@code QUERY}, that rebuild it in an empty database.
     */
    record DumpDatabase() implements Statement {}

    /** Whether {@code s} changes users (these run only as auto-commit transactions). */
    static boolean changesUsers(Statement s) {
        return s instanceof CreateUser || s instanceof AlterUser || s instanceof AlterCurrentUser
                || s instanceof DropUser;
    }
}
