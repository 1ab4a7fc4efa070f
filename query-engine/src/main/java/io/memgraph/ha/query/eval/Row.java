package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;

import java.util.Map;

/**
 * The variables visible to an expression: one row of the operator pipeline. Semantic analysis
 * guarantees that evaluated expressions only name bound variables, so a miss is a bug in the
 * caller, reported as an error that names the variable.
 */
public interface Row {

    /** The value bound to {@code name} (may be null). */
    Object get(String name);

    /** True when {@code name} is bound in this row. */
    boolean contains(String name);

    /** A row with no variables. */
    Row EMPTY = of(Map.of());

    /** A row over a map of variable names to values (the map is not copied). */
    static Row of(Map<String, ?> values) {
        return new Row() {
            @Override
            public Object get(String name) {
                if (!values.containsKey(name)) {
                    throw new CypherException(CypherErrorKind.UNDEFINED_VARIABLE, "Variable `" + name + "` not defined");
                }
                return values.get(name);
            }

            @Override
            public boolean contains(String name) {
                return values.containsKey(name);
            }
        };
    }

    /** This row plus one more variable, which shadows an outer one of the same name. */
    default Row with(String name, Object value) {
        Row outer = this;
        return new Row() {
            @Override
            public Object get(String n) {
                return n.equals(name) ? value : outer.get(n);
            }

            @Override
            public boolean contains(String n) {
                return n.equals(name) || outer.contains(n);
            }
        };
    }
}
