package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;

import java.util.ArrayList;
import java.util.List;

/**
 * Memgraph's {@code mg} module, as far as it applies to a server without query modules:
 * {@code mg.procedures()} lists every procedure {@code CALL} can run here (GQLAlchemy's
 * {@code get_procedures()} reads it with {@code YIELD *}), with Memgraph's columns {@code name},
 * {@code signature}, {@code is_write}, {@code path} ({@code builtin}) and {@code is_editable};
 * {@code mg.functions()} lists the functions of loaded query modules, of which there are none.
 * MAGE's {@code do.when} and {@code do.case} ({@link CypherProcedures}) and its {@code refactor}
 * module ({@link RefactorProcedures}) and {@code json_util.load_from_path} / {@code load_from_url}
 * ({@link LoadProcedures}) and {@code export_util.json}, {@code csv_query} and {@code cypher_all}
 * ({@link ExportProcedures}) are registered here too.
 */
public final class MemgraphModuleProcedures {
    private MemgraphModuleProcedures() {
    }

    /** Adds {@code mg.procedures}, {@code mg.functions}, {@code do.*}, {@code refactor.*}, {@code json_util.*} and {@code export_util.*} to {@code registry}. */
    public static void register(Procedures registry) {
        CypherProcedures.registerMage(registry);
        RefactorProcedures.registerMage(registry);
        LoadProcedures.registerMage(registry);
        ExportProcedures.registerMage(registry);
        registry.register(new Procedure("mg.procedures", List.of(), List.of(new Field("name", "STRING"),
                new Field("signature", "STRING"), new Field("is_write", "BOOLEAN"), new Field("path", "STRING"),
                new Field("is_editable", "BOOLEAN")), Mode.READ,
                "List the procedures CALL can run (Memgraph's mg module; all are built in).", (ctx, args) -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (Procedure p : registry.all()) {
                        rows.add(new Object[] {p.name(), p.signature(), p.mode() == Mode.WRITE, "builtin", false});
                    }
                    return rows;
                }));
        registry.register(new Procedure("mg.functions", List.of(), List.of(new Field("name", "STRING"),
                new Field("signature", "STRING"), new Field("path", "STRING"), new Field("is_editable", "BOOLEAN")),
                Mode.READ, "List the functions of loaded query modules (Memgraph's mg module; there are none).",
                (ctx, args) -> List.of()));
    }
}
