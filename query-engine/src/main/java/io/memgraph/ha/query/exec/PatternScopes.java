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

    /** Records the variables bound where {@code element} is evaluated. */
    public void register(Pattern.Element element, Set<String> bound) {
        scopes.put(element, Set.copyOf(bound));
    }

    /** Records the outer variables bound where an {@code EXISTS { }} is evaluated. */
    public void register(io.memgraph.ha.query.ast.Expression.ExistsSubquery subquery, Set<String> bound) {
        scopes.put(subquery, Set.copyOf(bound));
    }

    /** The bound variables for a pattern element or EXISTS subquery, or null when not registered. */
    Set<String> bound(Object patternOrSubquery) {
        return scopes.get(patternOrSubquery);
    }
}
