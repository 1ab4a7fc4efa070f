package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CALL name(args) YIELD ...}: for each input row, evaluates the arguments, runs the
 * procedure, and binds each of its rows' yielded fields, keeping those where the YIELD's WHERE
 * holds. A procedure without outputs (VOID) passes each input row on once.
 */
public final class ProcedureCall implements Operator {
    private final Operator input;
    private final Procedures.Procedure procedure;
    private final List<Expression> arguments;
    private final int[] fields;
    private final int[] slots;
    private final Expression where;

    /**
     * @param fields the procedure's output fields that are yielded, by index
     * @param slots the frame slot of each yielded field
     * @param where the YIELD's WHERE, or null
     */
    public ProcedureCall(Operator input, Procedures.Procedure procedure, List<Expression> arguments, int[] fields,
            int[] slots, Expression where) {
        this.input = input;
        this.procedure = procedure;
        this.arguments = List.copyOf(arguments);
        this.fields = fields.clone();
        this.slots = slots.clone();
        this.where = where;
    }

    @Override
    public Cursor start(ExecContext ctx) {
        Cursor in = input.open(ctx);
        return new Cursor() {
            List<Object[]> rows = List.of();
            int next;

            @Override
            public boolean next(Frame f) {
                while (true) {
                    while (next >= rows.size()) {
                        if (!in.next(f)) {
                            return false;
                        }
                        List<Object> args = new ArrayList<>(arguments.size());
                        for (Expression a : arguments) {
                            args.add(ctx.eval().evaluate(a, f));
                        }
                        rows = procedure.body().call(ctx, args);
                        next = 0;
                        if (procedure.outputs().isEmpty()) {
                            return true; // VOID: the row goes on, once, whatever the procedure did
                        }
                    }
                    ctx.tick();
                    Object[] row = rows.get(next++);
                    for (int i = 0; i < fields.length; i++) {
                        f.set(slots[i], row[fields[i]]);
                    }
                    if (where == null || Boolean.TRUE.equals(ctx.eval().evaluate(where, f))) {
                        return true;
                    }
                }
            }
        };
    }

    @Override
    public String describe() {
        return "ProcedureCall " + procedure.name();
    }

    @Override
    public List<Operator> children() {
        return List.of(input);
    }
}
