package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.plan.QueryPlan;
import io.memgraph.ha.storage.Transaction;

import java.util.Map;

/**
 * Plans the statements that procedures and functions such as {@code apoc.cypher.run} are given
 * as text, to run inside their caller's query ({@link CypherStatements}); the engine gives one
 * that parses and plans through its caches.
 */
@FunctionalInterface
public interface InnerQueries {

    /**
     * The plan of {@code statement}, a query that can run inside another.
     *
     * @param caller      the procedure or function, for errors
     * @param parameters  the statement's parameters: each it uses must be there
     * @param asVariables each parameter is bound, before the statement, to a variable of its name
     *                    ({@code WITH $p AS p}), as APOC binds them
     * @throws io.memgraph.ha.query.error.CypherException for a syntax error, a semantic one, a
     *         missing parameter, or a statement that cannot run inside another query
     */
    QueryPlan plan(String caller, String statement, Map<String, Object> parameters, boolean asVariables,
                   Transaction tx);

    /**
     * {@code Neo.ClientError.Procedure.ProcedureCallFailed}: {@code caller} (a procedure, or one
     * of the {@code apoc.cypher.runFirstColumn*} functions) failed as {@code message} says.
     */
    static StatusException failed(String caller, String message) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Neo.ClientError.Procedure.ProcedureCallFailed",
                "Failed to invoke " + (caller.contains("runFirstColumn") ? "function" : "procedure") + " `" + caller
                        + "`: " + message);
    }

    /** Where no engine gives one (EXPLAIN, the tail of a SHOW command): such statements cannot run. */
    InnerQueries NONE = (caller, statement, parameters, asVariables, tx) -> {
        throw failed(caller, "statements cannot run here (EXPLAIN, or the tail of a SHOW command)");
    };
}
