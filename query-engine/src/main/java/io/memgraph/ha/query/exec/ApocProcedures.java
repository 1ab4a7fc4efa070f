package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.eval.ApocConvertFunctions;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;

import java.util.List;

/**
 * The procedures of APOC that this server has built in, under APOC's names and signatures: the
 * schema procedures ({@link ApocMetaProcedures}), the writing ones ({@link ApocWriteProcedures}),
 * the path expanders ({@link ApocPathProcedures}), those that run Cypher given as text
 * ({@link CypherProcedures}), the graph refactorings ({@link RefactorProcedures}), the property values of a label
 * ({@link ApocSchemaProperties}), {@code apoc.nodes.get}, {@code delete} and {@code link}
 * ({@link ApocNodeProcedures}), the file loaders {@code apoc.load.*} ({@link LoadProcedures}),
 * the exporters {@code apoc.export.*} ({@link ExportProcedures}) and {@code apoc.util.validate}. APOC's
 * functions are in {@code eval} with the other functions. Any other {@code apoc.*} name is
 * {@code ProcedureNotFound}, as for any unknown procedure.
 */
final class ApocProcedures {
    private ApocProcedures() {
    }

    static void register(Procedures p) {
        ApocMetaProcedures.register(p);
        ApocWriteProcedures.register(p);
        ApocPathProcedures.register(p);
        CypherProcedures.register(p);
        RefactorProcedures.register(p);
        ApocSchemaProperties.register(p);
        ApocNodeProcedures.register(p);
        LoadProcedures.registerApoc(p);
        ExportProcedures.registerApoc(p);
        p.register(new Procedure("apoc.util.validate", List.of(new Field("predicate", "BOOLEAN"),
                new Field("message", "STRING"), new Field("params", "LIST<ANY>")), List.of(), Mode.READ,
                "Fails the query with the message (formatted with the params by Java's String.format) when the"
                        + " predicate is true.", (ctx, a) -> {
                    if (Boolean.TRUE.equals(a.get(0))) {
                        throw new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE,
                                "Neo.ClientError.Procedure.ProcedureCallFailed",
                                "Failed to invoke procedure `apoc.util.validate`: Caused by: java.lang.RuntimeException: "
                                        + ApocConvertFunctions.format(a.get(1), a.get(2)));
                    }
                    return List.of();
                }));
    }
}
