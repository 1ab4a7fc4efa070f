package io.memgraph.ha.query.eval;

import io.memgraph.ha.query.ast.CypherType;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.PointValue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Whether a value is of a {@link CypherType}: the meaning of {@code x IS :: T} as the Neo4j 5
 * manual gives it ("Type predicate expressions"). {@code null} is of every nullable type; a list
 * is of {@code LIST<T>} when each element is of {@code T} (so an empty list is of every list
 * type); a byte array is a list of integers, as everywhere else.
 */
public final class TypePredicates {
    private TypePredicates() {
    }

    /** {@code value IS :: type}. */
    public static boolean matches(CypherType type, Object value) {
        if (value == null) {
            return type.nullable();
        }
        if (type instanceof CypherType.Simple s) {
            return matches(s.base(), value);
        }
        if (type instanceof CypherType.ListOf l) {
            return CypherValues.isList(value)
                    && CypherValues.asList(value).stream().allMatch(x -> matches(l.element(), x));
        }
        return ((CypherType.Union) type).members().stream().anyMatch(m -> matches(m, value));
    }

    private static boolean matches(CypherType.Base base, Object v) {
        return switch (base) {
            case ANY -> true;
            case NOTHING, NULL -> false;
            case MAP -> v instanceof Map<?, ?>;
            case NODE -> v instanceof NodeValue;
            case RELATIONSHIP -> v instanceof RelationshipValue;
            case PATH -> v instanceof PathValue;
            case PROPERTY_VALUE -> storable(v) != null
                    || CypherValues.isList(v) && homogeneousStorable(CypherValues.asList(v));
            default -> storable(v) == base;
        };
    }

    /** Neo4j stores a list property only when all its elements are non-null values of one scalar type. */
    private static boolean homogeneousStorable(List<?> list) {
        CypherType.Base first = list.isEmpty() ? null : storable(list.get(0));
        for (Object x : list) {
            if (x == null || storable(x) == null || storable(x) != first) {
                return false;
            }
        }
        return true;
    }

    /** The scalar property types, by the class of their values. */
    private static final List<Map.Entry<Class<?>, CypherType.Base>> SCALARS = List.of(
            Map.entry(Boolean.class, CypherType.Base.BOOLEAN), Map.entry(String.class, CypherType.Base.STRING),
            Map.entry(Long.class, CypherType.Base.INTEGER), Map.entry(Double.class, CypherType.Base.FLOAT),
            Map.entry(LocalDate.class, CypherType.Base.DATE), Map.entry(LocalTime.class, CypherType.Base.LOCAL_TIME),
            Map.entry(OffsetTime.class, CypherType.Base.ZONED_TIME),
            Map.entry(LocalDateTime.class, CypherType.Base.LOCAL_DATETIME),
            Map.entry(ZonedDateTime.class, CypherType.Base.ZONED_DATETIME),
            Map.entry(CypherDuration.class, CypherType.Base.DURATION), Map.entry(PointValue.class, CypherType.Base.POINT));

    /** The scalar property type of {@code v}, or null when it is none (a list, map, entity, path or null). */
    private static CypherType.Base storable(Object v) {
        for (Map.Entry<Class<?>, CypherType.Base> scalar : SCALARS) {
            if (scalar.getKey().isInstance(v)) {
                return scalar.getValue();
            }
        }
        return null;
    }
}
