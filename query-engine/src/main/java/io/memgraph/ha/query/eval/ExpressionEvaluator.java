package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.LabelExpression;
import io.memgraph.ha.query.csv.CsvPosition;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.Points;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.PointValue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates expressions over a {@link Row}: an interpreter over the AST with Cypher's null
 * semantics and three-valued logic. Parameters are fixed per query; graph reads go through the
 * {@link GraphAccessor}. Aggregate calls are not evaluated here: the aggregation operator
 * computes them with {@link Aggregations} and the planner rewrites them to variables.
 *
 * <p>Thread-safe when its graph accessor is; one instance serves a whole query.
 */
public final class ExpressionEvaluator {
    private final Map<String, Object> parameters;
    private final GraphAccessor graph;
    private final Clock clock;
    private final Map<String, java.util.regex.Pattern> regexCache = new ConcurrentHashMap<>();
    /** {@code x IN $list} answered from a hash set of the list. */
    private final ParameterLists parameterLists;
    /** {@code x IN l}, {@code l} a list the query computed, answered from a hash set of the list. */
    private final ComputedLists computedLists;
    /** The query's named counters, for counter(). */
    private final Counters counters = new Counters();

    /**
     * @param parameters the query's parameters (values in the model of {@link CypherValues})
     * @param graph      graph reads for this query's transaction
     * @param clock      the clock behind {@code date()}, {@code timestamp()} and friends; pass one
     *                   fixed per statement so that all rows see the same "now"
     */
    public ExpressionEvaluator(Map<String, Object> parameters, GraphAccessor graph, Clock clock) {
        this.parameters = Map.copyOf(nonNullKeys(parameters));
        this.graph = graph;
        this.clock = clock;
        this.parameterLists = new ParameterLists(graph);
        this.computedLists = new ComputedLists(graph);
        this.nullParameters = nullParams(parameters);
    }

    /** An evaluator without a graph, with the system clock. */
    public ExpressionEvaluator(Map<String, Object> parameters) {
        this(parameters, GraphAccessor.NONE, Clock.systemDefaultZone());
    }

    // Map.copyOf refuses null values, and a parameter may be null.
    private final java.util.Set<String> nullParameters;

    private static Map<String, Object> nonNullKeys(Map<String, Object> p) {
        Map<String, Object> out = new HashMap<>();
        p.forEach((k, v) -> {
            if (v != null) {
                out.put(k, CypherValues.normalize(v));
            }
        });
        return out;
    }

    private static java.util.Set<String> nullParams(Map<String, Object> p) {
        java.util.Set<String> out = new java.util.HashSet<>();
        p.forEach((k, v) -> {
            if (v == null) {
                out.add(k);
            }
        });
        return java.util.Set.copyOf(out);
    }

    /** The clock behind {@code date()}, {@code timestamp()} and friends. */
    public Clock clock() {
        return clock;
    }

    /** The graph accessor this evaluator reads through. */
    public GraphAccessor graph() {
        return graph;
    }

    /** Evaluates {@code e} in {@code row}. */
    public Object evaluate(Expression e, Row row) {
        if (e instanceof Expression.Literal l) {
            return l.value();
        }
        if (e instanceof Expression.Variable v) {
            return row.get(v.name());
        }
        if (e instanceof Expression.Parameter p) {
            return parameter(p.name());
        }
        if (e instanceof Expression.Property p) {
            return property(evaluate(p.subject(), row), p.key());
        }
        if (e instanceof Expression.Binary b) {
            return binary(b.operator(), evaluate(b.left(), row), b.right(), row);
        }
        if (e instanceof Expression.BinaryChain c) {
            // Left to right as the equivalent nested Binary nodes, without their recursion.
            Object value = evaluate(c.operands().get(0), row);
            for (int k = 0; k < c.operators().size(); k++) {
                value = binary(c.operators().get(k), value, c.operands().get(k + 1), row);
            }
            return value;
        }
        if (e instanceof Expression.Unary u) {
            Object v = evaluate(u.operand(), row);
            return switch (u.operator()) {
                case NOT -> not(v);
                case MINUS -> Arithmetic.negate(v);
                case PLUS -> Arithmetic.unaryPlus(v);
            };
        }
        if (e instanceof Expression.IsNull n) {
            boolean isNull = evaluate(n.operand(), row) == null;
            return n.negated() != isNull;
        }
        if (e instanceof Expression.IsType t) {
            return t.negated() != TypePredicates.matches(t.type(), evaluate(t.operand(), row));
        }
        if (e instanceof Expression.IsNormalized n) {
            return isNormalized(n, evaluate(n.operand(), row));
        }
        if (e instanceof Expression.Trim t) {
            Object characters = t.characters() == null ? null : evaluate(t.characters(), row);
            return Trims.trimFrom(t.side(), t.characters() != null, characters, evaluate(t.source(), row));
        }
        if (e instanceof Expression.ListLiteral l) {
            List<Object> out = new ArrayList<>(l.elements().size());
            for (Expression x : l.elements()) {
                out.add(evaluate(x, row));
            }
            return out;
        }
        if (e instanceof Expression.MapLiteral m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Expression.MapEntry en : m.entries()) {
                out.put(en.key(), evaluate(en.value(), row));
            }
            return out;
        }
        if (e instanceof Expression.Subscript s) {
            return subscript(evaluate(s.subject(), row), evaluate(s.index(), row));
        }
        if (e instanceof Expression.Slice s) {
            return slice(s, row);
        }
        if (e instanceof Expression.HasLabels h) {
            return hasLabels(evaluate(h.subject(), row), h.labels(), h.expression(), row);
        }
        if (e instanceof Expression.FunctionCall f) {
            return function(f, row);
        }
        if (e instanceof Expression.Case c) {
            return caseExpression(c, row);
        }
        if (e instanceof Expression.ListComprehension lc) {
            return listComprehension(lc, row);
        }
        if (e instanceof Expression.Quantifier q) {
            return quantifier(q, row);
        }
        if (e instanceof Expression.Reduce r) {
            return reduce(r, row);
        }
        if (e instanceof Expression.MapProjection mp) {
            return mapProjection(mp, row);
        }
        if (e instanceof Expression.PatternPredicate pp) {
            return graph.patternExists(pp, row, this);
        }
        if (e instanceof Expression.PatternComprehension pc) {
            return graph.patternComprehension(pc, row, this);
        }
        if (e instanceof Expression.Subquery sq) {
            return graph.subquery(sq, row, this);
        }
        if (e instanceof Expression.ExistsSubquery es) {
            return graph.existsSubquery(es, row, this);
        }
        if (e instanceof Expression.CaseSubject) {
            throw new IllegalStateException("the subject of a CASE evaluated outside the test of its alternative");
        }
        if (e instanceof Expression.CountStar) {
            throw new CypherException(CypherErrorKind.INVALID_AGGREGATION,
                    "count(*) can only be computed by an aggregation", e.position());
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /**
     * Evaluates {@code e} as a predicate: true only when it is TRUE (null and false both reject
     * the row, as WHERE does).
     */
    public boolean isTrue(Expression e, Row row) {
        Object v = evaluate(e, row);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw Errors.typeMismatch("Expected a Boolean but was " + CypherValues.typeName(v)
                + " (" + Functions.show(v) + ")");
    }

    /**
     * Evaluates a SKIP or LIMIT expression (a literal or parameter, checked by the semantic
     * analyser) to a non-negative count.
     */
    public long evaluateCount(Expression e, String clause) {
        Object v = evaluate(e, Row.EMPTY);
        if (v instanceof Long l) {
            if (l < 0) {
                throw new CypherException(CypherErrorKind.NEGATIVE_INTEGER_ARGUMENT,
                        "Invalid input. '" + l + "' is not a valid value. Must be a non-negative integer.", e.position());
            }
            return l;
        }
        throw new CypherException(CypherErrorKind.INVALID_ARGUMENT_TYPE,
                "Invalid input. '" + Functions.show(v) + "' is not a valid value for " + clause
                        + ". Must be a non-negative integer.", e.position());
    }

    private Object parameter(String name) {
        Object v = parameters.get(name);
        if (v == null && !nullParameters.contains(name)) {
            throw new CypherException(CypherErrorKind.PARAMETER_MISSING, "Expected parameter(s): " + name);
        }
        return v;
    }

    // ---------------------------------------------------------------- properties, subscripts

    private Object property(Object subject, String key) {
        if (subject == null) {
            return null;
        }
        if (subject instanceof Map<?, ?> m) {
            return m.get(key);
        }
        if (subject instanceof NodeValue || subject instanceof RelationshipValue) {
            return graph.property(subject, key);
        }
        if (subject instanceof LocalDate || subject instanceof LocalTime || subject instanceof LocalDateTime
                || subject instanceof OffsetTime || subject instanceof ZonedDateTime
                || subject instanceof CypherDuration) {
            return Temporals.component(subject, key);
        }
        if (subject instanceof PointValue p) {
            return Points.component(p, key);
        }
        // openCypher classifies this as TypeError InvalidArgumentType (TCK Map1 [6], Graph6 [9]).
        throw new CypherException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE,
                "Type mismatch: expected a map, node or relationship but was " + CypherValues.typeName(subject)
                        + " (" + Functions.show(subject) + ") when reading property '" + key + "'");
    }

    private Object subscript(Object subject, Object index) {
        if (subject == null || index == null) {
            return null;
        }
        if (subject instanceof byte[]) {
            subject = CypherValues.asList(subject);
        }
        if (subject instanceof List<?> l) {
            if (!(index instanceof Long i)) {
                throw new CypherException(CypherErrorKind.LIST_ELEMENT_ACCESS_BY_NON_INTEGER,
                        "Type mismatch: list index must be an Integer but was " + CypherValues.typeName(index)
                                + " (" + Functions.show(index) + ")");
            }
            long k = i < 0 ? l.size() + i : i;
            return k < 0 || k >= l.size() ? null : l.get((int) k);
        }
        if (subject instanceof Map<?, ?> m) {
            if (!(index instanceof String s)) {
                throw new CypherException(CypherErrorKind.MAP_ELEMENT_ACCESS_BY_NON_STRING,
                        "Type mismatch: map key must be a String but was " + CypherValues.typeName(index)
                                + " (" + Functions.show(index) + ")");
            }
            return m.get(s);
        }
        if (subject instanceof NodeValue || subject instanceof RelationshipValue) {
            if (!(index instanceof String s)) {
                throw new CypherException(CypherErrorKind.MAP_ELEMENT_ACCESS_BY_NON_STRING,
                        "Type mismatch: property key must be a String but was " + CypherValues.typeName(index));
            }
            return graph.property(subject, s);
        }
        throw new CypherException(CypherErrorKind.RUNTIME_INVALID_ARGUMENT_TYPE,
                "Type mismatch: cannot access an element of " + CypherValues.typeName(subject)
                        + " (" + Functions.show(subject) + ")");
    }

    private Object slice(Expression.Slice s, Row row) {
        Object subject = evaluate(s.subject(), row);
        Object from = s.from() == null ? null : evaluate(s.from(), row);
        Object to = s.to() == null ? null : evaluate(s.to(), row);
        if (subject == null || (s.from() != null && from == null) || (s.to() != null && to == null)) {
            return null;
        }
        if (!(subject instanceof List<?> l)) {
            throw new CypherException(CypherErrorKind.INVALID_ELEMENT_ACCESS,
                    "Type mismatch: cannot slice " + CypherValues.typeName(subject) + " (" + Functions.show(subject) + ")");
        }
        int size = l.size();
        long f = from == null ? 0 : sliceBound(from, size);
        long t = to == null ? size : sliceBound(to, size);
        if (f >= t) {
            return new ArrayList<>();
        }
        return new ArrayList<Object>(l.subList((int) f, (int) t));
    }

    private static long sliceBound(Object v, int size) {
        if (!(v instanceof Long i)) {
            throw new CypherException(CypherErrorKind.LIST_ELEMENT_ACCESS_BY_NON_INTEGER,
                    "Type mismatch: list slice bound must be an Integer but was " + CypherValues.typeName(v));
        }
        long k = i < 0 ? size + i : i;
        return Math.max(0, Math.min(size, k));
    }

    /**
     * The names a dynamic label or type ({@code $(expr)}) stands for in {@code row} (see
     * {@link DynamicNames#labels}).
     */
    public List<String> dynamicNames(LabelExpression.Dynamic d, Row row) {
        return DynamicNames.labels(evaluate(d.expression(), row), d.text());
    }

    /** Resolves the dynamic parts of label expressions in {@code row}. */
    public LabelExpression.Resolver resolver(Row row) {
        return d -> dynamicNames(d, row);
    }

    private Object hasLabels(Object subject, List<String> labels, LabelExpression expression, Row row) {
        if (subject == null) {
            return null;
        }
        if (subject instanceof RelationshipValue r) {
            // A relationship "has" exactly one label: its type (TCK Graph5 [2]).
            String type = graph.type(r);
            return expression != null ? expression.matches(List.of(type), resolver(row))
                    : labels.stream().allMatch(type::equals);
        }
        if (!(subject instanceof NodeValue n)) {
            throw Errors.typeMismatch("Type mismatch: expected a Node or Relationship for a label check but was "
                    + CypherValues.typeName(subject));
        }
        List<String> has = graph.labels(n);
        if (expression == null) {
            return has.containsAll(labels);
        }
        return has.containsAll(labels) && expression.matches(has, resolver(row));
    }

    // ---------------------------------------------------------------- operators

    private static Boolean bool(Object v, String op) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw Errors.typeMismatch("Type mismatch: " + op + " expects Boolean operands but got "
                + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
    }

    private static Object not(Object v) {
        Boolean b = bool(v, "NOT");
        return b == null ? null : !b;
    }

    /**
     * {@code left operator right} where {@code left} is already evaluated: the right operand is
     * evaluated only when the operator needs it (AND after false, OR after true do not).
     */
    private Object binary(Expression.BinaryOperator operator, Object leftValue, Expression right, Row row) {
        switch (operator) {
            case AND: {
                // Three-valued: false wins over null, so either side may decide.
                Boolean l = bool(leftValue, "AND");
                if (Boolean.FALSE.equals(l)) {
                    return Boolean.FALSE;
                }
                Boolean r = bool(evaluate(right, row), "AND");
                if (Boolean.FALSE.equals(r)) {
                    return Boolean.FALSE;
                }
                return l == null || r == null ? null : Boolean.TRUE;
            }
            case OR: {
                Boolean l = bool(leftValue, "OR");
                if (Boolean.TRUE.equals(l)) {
                    return Boolean.TRUE;
                }
                Boolean r = bool(evaluate(right, row), "OR");
                if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) {
                    return Boolean.TRUE;
                }
                return l == null || r == null ? null : Boolean.FALSE;
            }
            case XOR: {
                Boolean l = bool(leftValue, "XOR");
                Boolean r = bool(evaluate(right, row), "XOR");
                return l == null || r == null ? null : l ^ r;
            }
            default:
                break;
        }
        Object l = leftValue;
        Object r = evaluate(right, row);
        if (operator == Expression.BinaryOperator.IN && r instanceof List<?> list) {
            Object answer = right instanceof Expression.Parameter p ? parameterLists.in(p.name(), l, list)
                    : computedLists.in(l, list);
            if (answer != ListSet.SCAN) {
                return answer;
            }
        }
        return switch (operator) {
            case EQ -> CypherValues.equal(l, r);
            case NE -> {
                Boolean eq = CypherValues.equal(l, r);
                yield eq == null ? null : !eq;
            }
            case LT -> CypherValues.lessThan(l, r);
            case LE -> CypherValues.lessThanOrEqual(l, r);
            case GT -> CypherValues.greaterThan(l, r);
            case GE -> CypherValues.greaterThanOrEqual(l, r);
            case ADD -> Arithmetic.add(l, r);
            case SUBTRACT -> Arithmetic.subtract(l, r);
            case CONCAT -> Arithmetic.concatenate(l, r);
            case MULTIPLY -> Arithmetic.multiply(l, r);
            case DIVIDE -> Arithmetic.divide(l, r);
            case MODULO -> Arithmetic.modulo(l, r);
            case POWER -> Arithmetic.power(l, r);
            case STARTS_WITH -> l instanceof String x && r instanceof String y ? (Object) x.startsWith(y) : null;
            case ENDS_WITH -> l instanceof String x && r instanceof String y ? (Object) x.endsWith(y) : null;
            case CONTAINS -> l instanceof String x && r instanceof String y ? (Object) x.contains(y) : null;
            case REGEX -> regex(l, r);
            case IN -> in(l, r);
            default -> throw new IllegalStateException("unhandled operator " + operator);
        };
    }

    private Object regex(Object l, Object r) {
        if (!(l instanceof String s) || !(r instanceof String re)) {
            return null;
        }
        java.util.regex.Pattern p;
        try {
            p = regexCache.computeIfAbsent(re, java.util.regex.Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw Errors.argumentValue("Invalid regular expression '" + re + "': " + e.getDescription());
        }
        return p.matcher(CheckedText.of(s, graph)).matches();
    }

    /** {@code element IN list} by scanning the list (package-private: the list sets are tested against it). */
    static Object in(Object element, Object list) {
        if (list == null) {
            return null;
        }
        if (list instanceof byte[]) {
            list = CypherValues.asList(list);
        }
        if (!(list instanceof List<?> l)) {
            throw Errors.typeMismatch("Type mismatch: expected a List on the right of IN but was "
                    + CypherValues.typeName(list) + " (" + Functions.show(list) + ")");
        }
        boolean sawNull = false;
        for (Object x : l) {
            Boolean eq = CypherValues.equal(element, x);
            if (eq == null) {
                sawNull = true;
            } else if (eq) {
                return Boolean.TRUE;
            }
        }
        return sawNull ? null : Boolean.FALSE;
    }

    // ---------------------------------------------------------------- functions and friends

    private Object function(Expression.FunctionCall f, Row row) {
        String name = f.lowerName();
        if (Aggregations.isAggregate(name)) {
            throw new CypherException(CypherErrorKind.INVALID_AGGREGATION,
                    f.name() + "() can only be computed by an aggregation", f.position());
        }
        if (name.equals("exists") && f.arguments().size() == 1) {
            Expression arg = f.arguments().get(0);
            if (arg instanceof Expression.PatternPredicate pp) {
                return graph.patternExists(pp, row, this);
            }
            Object v = evaluate(arg, row);
            return v != null;
        }
        if ((name.equals("linenumber") || name.equals("file")) && f.arguments().isEmpty()) {
            // the LOAD CSV row's origin travels with the row; outside LOAD CSV both are null
            Object origin = row.contains(CsvPosition.VARIABLE) ? row.get(CsvPosition.VARIABLE) : null;
            if (origin instanceof CsvPosition p) {
                return name.equals("file") ? p.file() : (Object) p.line();
            }
            return null;
        }
        List<Object> args = new ArrayList<>(f.arguments().size());
        for (Expression a : f.arguments()) {
            args.add(evaluate(a, row));
        }
        if (name.equals("counter")) {
            return counters.next(args);
        }
        return Functions.call(name, args, graph, clock);
    }

    private Object caseExpression(Expression.Case c, Row row) {
        if (c.subject() == null) {
            for (Expression.CaseAlternative alt : c.alternatives()) {
                if (Boolean.TRUE.equals(evaluate(alt.when(), row))) {
                    return evaluate(alt.then(), row);
                }
            }
        } else {
            Object subject = evaluate(c.subject(), row);
            for (Expression.CaseAlternative alt : c.alternatives()) {
                if (caseMatches(subject, alt.when(), row)) {
                    return evaluate(alt.then(), row);
                }
            }
        }
        return c.elseExpression() == null ? null : evaluate(c.elseExpression(), row);
    }

    /** One test of a simple CASE: a comparison of the extended form ({@code WHEN < 0}), else equality. */
    private boolean caseMatches(Object subject, Expression when, Row row) {
        if (when instanceof Expression.Binary b && b.left() instanceof Expression.CaseSubject) {
            return Boolean.TRUE.equals(binary(b.operator(), subject, b.right(), row));
        }
        if (when instanceof Expression.IsNull n && n.operand() instanceof Expression.CaseSubject) {
            return n.negated() != (subject == null);
        }
        if (when instanceof Expression.IsType t && t.operand() instanceof Expression.CaseSubject) {
            return t.negated() != TypePredicates.matches(t.type(), subject);
        }
        if (when instanceof Expression.IsNormalized n && n.operand() instanceof Expression.CaseSubject) {
            return Boolean.TRUE.equals(isNormalized(n, subject));
        }
        return Boolean.TRUE.equals(CypherValues.equal(subject, evaluate(when, row)));
    }

    /** {@code v IS [NOT] NORMALIZED}: null unless {@code v} is a string. */
    private static Boolean isNormalized(Expression.IsNormalized n, Object v) {
        if (!(v instanceof String s)) {
            return null;
        }
        return n.negated() != java.text.Normalizer.isNormalized(s, n.form());
    }

    private List<?> listArgument(Expression e, Row row, String what) {
        Object v = evaluate(e, row);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw Errors.typeMismatch("Type mismatch: " + what + " expects a List but was "
                + CypherValues.typeName(v) + " (" + Functions.show(v) + ")");
    }

    private Object listComprehension(Expression.ListComprehension lc, Row row) {
        List<?> list = listArgument(lc.list(), row, "a list comprehension");
        if (list == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object x : list) {
            Row inner = row.with(lc.variable(), x);
            if (lc.where() != null && !Boolean.TRUE.equals(bool(evaluate(lc.where(), inner), "WHERE"))) {
                continue;
            }
            out.add(lc.projection() == null ? x : evaluate(lc.projection(), inner));
        }
        return out;
    }

    private Object quantifier(Expression.Quantifier q, Row row) {
        List<?> list = listArgument(q.list(), row, q.kind().name().toLowerCase(java.util.Locale.ROOT) + "()");
        if (list == null) {
            return null;
        }
        int trues = 0;
        int nulls = 0;
        for (Object x : list) {
            Boolean b = q.where() == null ? Boolean.TRUE : bool(evaluate(q.where(), row.with(q.variable(), x)), "WHERE");
            if (b == null) {
                nulls++;
            } else if (b) {
                trues++;
            }
        }
        int falses = list.size() - trues - nulls;
        return switch (q.kind()) {
            case ALL -> falses > 0 ? Boolean.FALSE : nulls > 0 ? null : Boolean.TRUE;
            case ANY -> trues > 0 ? Boolean.TRUE : nulls > 0 ? null : Boolean.FALSE;
            case NONE -> trues > 0 ? Boolean.FALSE : nulls > 0 ? null : Boolean.TRUE;
            case SINGLE -> trues > 1 ? Boolean.FALSE : nulls > 0 ? null : trues == 1;
        };
    }

    private Object reduce(Expression.Reduce r, Row row) {
        List<?> list = listArgument(r.list(), row, "reduce()");
        if (list == null) {
            return null;
        }
        Object acc = evaluate(r.init(), row);
        for (Object x : list) {
            acc = evaluate(r.expression(), row.with(r.accumulator(), acc).with(r.variable(), x));
        }
        return acc;
    }

    private Object mapProjection(Expression.MapProjection mp, Row row) {
        Object subject = row.get(mp.variable());
        if (subject == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Expression.MapProjectionItem item : mp.items()) {
            if (item instanceof Expression.PropertySelector ps) {
                out.put(ps.key(), property(subject, ps.key()));
            } else if (item instanceof Expression.LiteralEntry le) {
                out.put(le.key(), evaluate(le.value(), row));
            } else if (item instanceof Expression.VariableSelector vs) {
                out.put(vs.name(), row.get(vs.name()));
            } else {
                out.putAll(allProperties(subject));
            }
        }
        return out;
    }

    private Map<String, Object> allProperties(Object subject) {
        if (subject instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, v));
            return out;
        }
        if (subject instanceof NodeValue || subject instanceof RelationshipValue) {
            return graph.properties(subject);
        }
        throw Errors.typeMismatch("Type mismatch: a map projection needs a Map, Node or Relationship but was "
                + CypherValues.typeName(subject));
    }
}
