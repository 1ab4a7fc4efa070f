package io.memgraph.ha.query.exec;

import java.util.List;

/**
 * A physical operator: an immutable node of a plan (cacheable, shared by executions), which
 * {@link #open opens} a fresh {@link Cursor} for each execution. Rows are pulled one at a time
 * from the root; each operator pulls its input only as far as it needs.
 */
public interface Operator {

    /** A new cursor over this operator for one execution (profiled when the context asks). */
    default Cursor open(ExecContext ctx) {
        Cursor c = start(ctx);
        return ctx.profiling() ? ctx.profile(this, c) : c;
    }

    /** The cursor proper; callers use {@link #open}. */
    Cursor start(ExecContext ctx);

    /** One line for EXPLAIN, e.g. {@code ScanByLabel (n :Person)}. */
    String describe();

    /** Inputs and branches, for EXPLAIN and PROFILE. */
    List<Operator> children();
}
