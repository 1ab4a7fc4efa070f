package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.Row;

/**
 * The row operators pass along: one value per slot, overwritten in place as operators advance
 * (Volcano style), so operators that keep rows ({@code OrderBy}, {@code Eager}) copy them.
 */
public final class Frame implements Row {
    private final Symbols symbols;
    final Object[] values;

    /** An empty frame for a plan's symbols. */
    public Frame(Symbols symbols) {
        this.symbols = symbols;
        this.values = new Object[symbols.size()];
    }

    /** The value in a slot. */
    public Object get(int slot) {
        return values[slot];
    }

    /** Sets a slot. */
    public void set(int slot, Object value) {
        values[slot] = value;
    }

    /** A copy of all slots. */
    public Object[] copy() {
        return values.clone();
    }

    /** Restores slots from a copy. */
    public void restore(Object[] saved) {
        System.arraycopy(saved, 0, values, 0, saved.length);
    }

    @Override
    public Object get(String name) {
        int s = symbols.find(name);
        if (s < 0) {
            throw new CypherException(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `" + name + "` not defined");
        }
        return values[s];
    }

    @Override
    public boolean contains(String name) {
        return symbols.find(name) >= 0;
    }
}
