package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Expression;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
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
            Iterator<Object[]> rows = Collections.emptyIterator();

            @Override
            public boolean next(Frame f) {
                while (true) {
                    while (!rows.hasNext()) {
                        if (rows instanceof Closeable c) {
                            ctx.release(c);
                        }
                        rows = Collections.emptyIterator();
                        if (!in.next(f)) {
                            return false;
                        }
                        List<Object> args = new ArrayList<>(arguments.size());
                        for (Expression a : arguments) {
                            args.add(ctx.eval().evaluate(a, f));
                        }
                        rows = rows(args);
                        if (procedure.outputs().isEmpty()) {
                            return true; // VOID: the row goes on, once, whatever the procedure did
                        }
                    }
                    ctx.tick();
                    Object[] row = rows.next();
                    for (int i = 0; i < fields.length; i++) {
                        f.set(slots[i], row[fields[i]]);
                    }
                    if (where == null || Boolean.TRUE.equals(ctx.eval().evaluate(where, f))) {
                        return true;
                    }
                }
            }

            /** The procedure's rows: a list, or read as they are pulled (closed by the query if cut short). */
            private Iterator<Object[]> rows(List<Object> args) {
                if (procedure.body() instanceof Procedures.StreamingBody streaming) {
                    Iterator<Object[]> it = streaming.stream(ctx, args);
                    if (it instanceof Closeable c) {
                        ctx.register(c);
                    }
                    return it;
                }
                return procedure.body().call(ctx, args).iterator();
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
