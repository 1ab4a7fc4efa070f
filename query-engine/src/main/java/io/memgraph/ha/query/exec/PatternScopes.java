package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.ast.Pattern;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * For each pattern used inside an expression (predicate or comprehension), the variables that are
 * bound where the planner placed it. A frame has slots for every variable of the query, so "has a
 * slot" does not mean "is bound here"; the matcher asks this map instead. Filled while planning,
 * read-only afterwards.
 */
public final class PatternScopes {
    /** No registrations: the matcher falls back to the row's own notion of bound. */
    public static final PatternScopes NONE = new PatternScopes();

    private final Map<Object, Set<String>> scopes = new IdentityHashMap<>();
    private final Map<Object, SubqueryPlan> plans = new IdentityHashMap<>();

    /** Records the variables bound where {@code element} is evaluated. */
    public void register(Pattern.Element element, Set<String> bound) {
        scopes.put(element, Set.copyOf(bound));
    }

    /** Records the outer variables bound where an {@code EXISTS { }} is evaluated. */
    public void register(io.memgraph.ha.query.ast.Expression.ExistsSubquery subquery, Set<String> bound) {
        scopes.put(subquery, Set.copyOf(bound));
    }

    /**
     * Records the plan of a subquery expression ({@code EXISTS} with more than MATCH in its body,
     * {@code COUNT}, {@code COLLECT}), run per outer row instead of matched part by part.
     */
    public void register(io.memgraph.ha.query.ast.Expression subquery, SubqueryPlan plan) {
        plans.put(subquery, plan);
    }

    /** The plan of a subquery expression, or null when it was not planned (matched instead). */
    SubqueryPlan plan(Object subquery) {
        return plans.get(subquery);
    }

    /** The bound variables for a pattern element or EXISTS subquery, or null when not registered. */
    Set<String> bound(Object patternOrSubquery) {
        return scopes.get(patternOrSubquery);
    }
}
