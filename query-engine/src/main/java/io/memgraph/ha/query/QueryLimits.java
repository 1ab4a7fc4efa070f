package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

import java.util.Locale;

/**
 * The limits that keep one query from taking a server down. The parser, the semantic analyser,
 * the planner and the evaluator are recursive over the query's structure, so its nesting is
 * bounded before any of them runs deep: a query over a limit fails with
 * {@code Neo.ClientError.Statement.SyntaxError} and a one-line message naming the limit (kinds
 * {@link CypherErrorKind#QUERY_TOO_LONG} and {@link CypherErrorKind#NESTING_TOO_DEEP}).
 *
 * <p>The limits are sized so that every stage stays well inside a default 1 MiB thread stack,
 * even before the JIT has compiled it, and far beyond what people and tools write.
 */
public final class QueryLimits {
    /**
     * The longest query text, in characters (4 MiB). Large values belong in parameters.
     */
    public static final int MAX_QUERY_LENGTH = 4 * 1024 * 1024;

    /**
     * The most tokens (names, literals, operators, punctuation) in one query. Parsing costs about
     * 300 bytes of heap per token at its peak, so this bounds what one query text can take
     * (about 150 MiB) however it is written; a 4 MiB text of long string literals has few tokens,
     * one of {@code 1+1+...} has two per two characters.
     */
    public static final int MAX_QUERY_TOKENS = 500_000;

    /**
     * How deep expressions and subqueries may nest. Each parenthesis, list or map literal, function
     * call, CASE, comprehension, subscript, property access, {@code NOT}, sign, {@code IS NULL},
     * binary operator of a short chain and step of a pattern counts as a level; the body of
     * {@code CALL { }}, {@code EXISTS { }} and {@code FOREACH} counts {@link #SUBQUERY_LEVELS}. A
     * long run of one operator ({@code 1 + 1 + ...}, {@code a AND b AND ...}) counts as one level
     * however long it is, so flat sums and long predicate lists are not limited by it.
     */
    public static final int MAX_NESTING_DEPTH = 500;

    /**
     * How many levels of {@link #MAX_NESTING_DEPTH} one subquery ({@code CALL { }},
     * {@code EXISTS { }}) or {@code FOREACH} body uses: the clause-level methods that handle it
     * need about twice the stack of an expression level. So subqueries nest at most 250 deep.
     */
    public static final int SUBQUERY_LEVELS = 2;

    /**
     * How deep the operator tree of a plan may be: roughly the number of clauses, pattern steps and
     * filters one after another (a query with more fails before it runs, since rows are pulled
     * through the operators recursively).
     */
    public static final int MAX_PLAN_DEPTH = 1000;

    private QueryLimits() {
    }

    /** The error for a query text longer than {@link #MAX_QUERY_LENGTH}. */
    public static CypherException queryTooLong(int length) {
        return new CypherException(CypherErrorKind.QUERY_TOO_LONG, String.format(Locale.ROOT,
                "query text exceeds %,d characters (it has %,d); pass large values as parameters",
                MAX_QUERY_LENGTH, length));
    }

    /** The error for a query with more than {@link #MAX_QUERY_TOKENS} tokens, at the first one too many. */
    public static CypherException tooManyTokens(Position at) {
        return new CypherException(CypherErrorKind.QUERY_TOO_LONG, String.format(Locale.ROOT,
                "query text exceeds %,d tokens at line %d, column %d; pass large values as parameters",
                MAX_QUERY_TOKENS, at.line(), at.column()), at);
    }

    /** The error for nesting deeper than {@link #MAX_NESTING_DEPTH}, at the level that is one too deep. */
    public static CypherException nestingTooDeep(Position at) {
        return new CypherException(CypherErrorKind.NESTING_TOO_DEEP, "expression nesting exceeds "
                + MAX_NESTING_DEPTH + " levels at line " + at.line() + ", column " + at.column(), at);
    }

    /** The error for a plan whose operator tree is deeper than {@link #MAX_PLAN_DEPTH}. */
    public static CypherException planTooDeep() {
        return new CypherException(CypherErrorKind.NESTING_TOO_DEEP, "query plan nesting exceeds "
                + MAX_PLAN_DEPTH + " operators (too many clauses, pattern steps or filters in a row)");
    }
}
