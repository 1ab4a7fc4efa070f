package io.memgraph.ha.query.ast;

import java.util.List;

/** A clause of a single query. Records are immutable; optional parts are null when absent. */
public sealed interface Clause {

    /** Where the clause starts. */
    Position position();

    /**
     * {@code [OPTIONAL] MATCH pattern [USING ...]* [WHERE where]}; {@code hints} are Neo4j's planner
     * hints ({@link Hint.Index}, {@link Hint.Scan}, {@link Hint.Join}) in the order written.
     */
    record Match(boolean optional, Pattern pattern, List<Hint> hints, Expression where, Position position)
            implements Clause {
        public Match {
            hints = List.copyOf(hints);
        }

        /** A MATCH without hints. */
        public Match(boolean optional, Pattern pattern, Expression where, Position position) {
            this(optional, pattern, List.of(), where, position);
        }
    }

    /** {@code UNWIND expression AS variable}. */
    record Unwind(Expression expression, String variable, Position position) implements Clause {}

    /**
     * {@code LOAD CSV}, in Neo4j's form {@code LOAD CSV [WITH HEADERS] FROM source AS variable
     * [FIELDTERMINATOR d]} or Memgraph's {@code LOAD CSV FROM source (WITH | NO) HEADER [IGNORE BAD]
     * [DELIMITER d] [QUOTE q] [NULLIF n] AS variable}. {@code memgraph} says which form was written:
     * the two read fields by different rules. {@code nullIf} is null without NULLIF.
     */
    record LoadCsv(Expression source, String variable, boolean memgraph, boolean headers, char delimiter,
                   char quote, String nullIf, boolean ignoreBad, Position position) implements Clause {}

    /**
     * {@code WITH projection [WHERE where]}; also a standalone {@code ORDER BY}, {@code SKIP}/{@code OFFSET}
     * or {@code LIMIT} clause (Neo4j 5.24, GQL), read as {@code WITH * ORDER BY ... SKIP ... LIMIT ...}.
     *
     * @param keyword {@code WITH}, or the keyword the standalone clause starts with (for messages)
     */
    record With(Projection projection, Expression where, Position position, String keyword) implements Clause {
        /** A WITH clause as written. */
        public With(Projection projection, Expression where, Position position) {
            this(projection, where, position, "WITH");
        }

        /** Whether this is a standalone ORDER BY / SKIP / LIMIT rather than a WITH: it never imports into a CALL. */
        public boolean standalone() {
            return !keyword.equals("WITH");
        }
    }

    /** {@code RETURN projection}. */
    record Return(Projection projection, Position position) implements Clause {}

    /** {@code FINISH}: ends a query that returns nothing (Neo4j 5.19, GQL); what came before it still runs. */
    record Finish(Position position) implements Clause {}

    /** {@code CREATE pattern}. */
    record Create(Pattern pattern, Position position) implements Clause {}

    /** {@code MERGE part [ON CREATE SET ... | ON MATCH SET ...]*}. */
    record Merge(Pattern.Part part, List<MergeAction> actions, Position position) implements Clause {
        public Merge {
            actions = List.copyOf(actions);
        }
    }

    /** {@code ON CREATE SET items} ({@code onCreate}) or {@code ON MATCH SET items}. */
    record MergeAction(boolean onCreate, List<SetItem> items, Position position) {
        public MergeAction {
            items = List.copyOf(items);
        }
    }

    /** {@code SET item, ...}. */
    record Set(List<SetItem> items, Position position) implements Clause {
        public Set {
            items = List.copyOf(items);
        }
    }

    /** {@code REMOVE item, ...}. */
    record Remove(List<RemoveItem> items, Position position) implements Clause {
        public Remove {
            items = List.copyOf(items);
        }
    }

    /** {@code [DETACH] DELETE expression, ...}. */
    record Delete(boolean detach, List<Expression> expressions, Position position) implements Clause {
        public Delete {
            expressions = List.copyOf(expressions);
        }
    }

    /** {@code FOREACH (variable IN list | clause ...)}. */
    record Foreach(String variable, Expression list, List<Clause> body, Position position) implements Clause {
        public Foreach {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code [OPTIONAL] CALL [(x, y) | (*) | ()] { query } [IN TRANSACTIONS [OF n ROWS] [ON ERROR ...]
     * [REPORT STATUS AS s]]}.
     * {@code scope} is null without a scope clause (the body then imports through a leading
     * WITH), empty for {@code ()}; {@code scopeAll} for {@code (*)}. {@code inTransactions} is
     * null unless the call runs in batches; then {@code batchSize} is null for the default.
     */
    record CallSubquery(Query query, List<String> scope, boolean scopeAll, boolean optional,
                        InTransactions inTransactions, Position position) implements Clause {
        public CallSubquery {
            scope = scope == null ? null : List.copyOf(scope);
        }

        /** {@code CALL { query }}: imports through a leading WITH. */
        public CallSubquery(Query query, Position position) {
            this(query, null, false, false, null, position);
        }

        /** Whether a scope clause ({@code (x)}, {@code (*)}, {@code ()}) says what is imported. */
        public boolean scoped() {
            return scopeAll || scope != null;
        }
    }

    /**
     * {@code IN [[concurrency] CONCURRENT] TRANSACTIONS [OF batchSize ROWS] [ON ERROR CONTINUE | BREAK |
     * FAIL] [REPORT STATUS AS reportStatus]}; {@code concurrency} null when not given (also under
     * {@code CONCURRENT}, which {@code concurrent} says), {@code batchSize} null for the default,
     * {@code reportStatus} null without the status report (which only {@code CONTINUE} and
     * {@code BREAK} allow when written). {@code repeat} is null but for the calls procedures are
     * rewritten into ({@link Repeat}).
     */
    record InTransactions(boolean concurrent, Expression concurrency, Expression batchSize, OnError onError,
                          String reportStatus, Repeat repeat, Position position) {
        /** The options as Cypher writes them (no {@link Repeat}). */
        public InTransactions(boolean concurrent, Expression concurrency, Expression batchSize, OnError onError,
                              String reportStatus, Position position) {
            this(concurrent, concurrency, batchSize, onError, reportStatus, null, position);
        }

        /** {@code IN TRANSACTIONS [OF batchSize ROWS]}: a failing batch fails the query. */
        public InTransactions(Expression batchSize, Position position) {
            this(false, null, batchSize, OnError.FAIL, null, position);
        }
    }

    /**
     * Not written in Cypher: what {@code apoc.periodic.commit} and Memgraph's {@code periodic.delete}
     * become. The subquery, which returns one column of integer counts, runs for its input row
     * again and again, each run a batch of its own, while a run's count (the sum of the column) is
     * at least {@code atLeast} (a positive integer). {@code previous} and {@code total} name outer
     * variables the subquery imports, set before each run to the count of the run before and to
     * the sum of all counts so far (APOC's {@code $_count} and {@code $_total}), or are null.
     * {@code ON ERROR FAIL} fails the query with a failing run; {@code BREAK} rolls it back, counts
     * it, and ends the loop. {@code procedure} names the call, for messages. The status report is
     * one map of counts; see {@code RepeatInTransactions}.
     */
    record Repeat(Expression atLeast, String previous, String total, String procedure) {}

    /**
     * What {@code CALL { } IN TRANSACTIONS} does when a batch fails: the batch is rolled back in
     * each case; then the query goes on with the next batch ({@code CONTINUE}), ends successfully
     * without running the later batches ({@code BREAK}), or fails ({@code FAIL}, the default).
     */
    enum OnError { CONTINUE, BREAK, FAIL }

    /**
     * {@code CALL ns.name(args) [YIELD ...]}. {@code arguments} is null when the call had no
     * parentheses (arguments then come from parameters); {@code yieldAll} for {@code YIELD *};
     * {@code yields} empty when there was no YIELD.
     */
    record CallProcedure(String name, List<Expression> arguments, boolean yieldAll, List<YieldItem> yields,
                         Expression where, Position position) implements Clause {
        public CallProcedure {
            arguments = arguments == null ? null : List.copyOf(arguments);
            yields = List.copyOf(yields);
        }
    }

    /** {@code field [AS alias]} in a YIELD; {@code alias} equals {@code field} when not given. */
    record YieldItem(String field, String alias, Position position) {}

    /** One item of a SET clause. */
    sealed interface SetItem {
        Position position();
    }

    /** {@code n.p = value} (target is a {@link Expression.Property}). */
    record SetProperty(Expression.Property target, Expression value, Position position) implements SetItem {}

    /** {@code n = map} ({@code merge} false) or {@code n += map} ({@code merge} true). */
    record SetVariable(String variable, Expression value, boolean merge, Position position) implements SetItem {}

    /**
     * {@code n[key] = value}: the key is computed per row and must be a STRING (Neo4j 5.24); the
     * target's subject is the node or relationship.
     */
    record SetDynamicProperty(Expression.Subscript target, Expression value, Position position) implements SetItem {}

    /** {@code n:A:B}, also with dynamic labels {@code n:$(expr)} (each a STRING or a LIST of them). */
    record SetLabels(String variable, List<String> labels, List<LabelExpression.Dynamic> dynamicLabels,
                     Position position) implements SetItem {
        public SetLabels {
            labels = List.copyOf(labels);
            dynamicLabels = List.copyOf(dynamicLabels);
        }

        /** Static labels only. */
        public SetLabels(String variable, List<String> labels, Position position) {
            this(variable, labels, List.of(), position);
        }
    }

    /** One item of a REMOVE clause. */
    sealed interface RemoveItem {
        Position position();
    }

    /** {@code REMOVE n.p}. */
    record RemoveProperty(Expression.Property target, Position position) implements RemoveItem {}

    /** {@code REMOVE n[key]}: the key is computed per row (Neo4j 5.24). */
    record RemoveDynamicProperty(Expression.Subscript target, Position position) implements RemoveItem {}

    /** {@code REMOVE n:A:B}, also with dynamic labels {@code n:$(expr)}. */
    record RemoveLabels(String variable, List<String> labels, List<LabelExpression.Dynamic> dynamicLabels,
                        Position position) implements RemoveItem {
        public RemoveLabels {
            labels = List.copyOf(labels);
            dynamicLabels = List.copyOf(dynamicLabels);
        }

        /** Static labels only. */
        public RemoveLabels(String variable, List<String> labels, Position position) {
            this(variable, labels, List.of(), position);
        }
    }
}
