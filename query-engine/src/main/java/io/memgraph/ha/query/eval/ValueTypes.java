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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code valueType(v)} (Neo4j 5.13): the most precise {@link CypherType} of a value, normalized as
 * the Neo4j 5 manual describes ("Type normalization"), and its text. A value other than null is of
 * its type {@code NOT NULL}; null is {@code NULL}; a list is {@code LIST<T> NOT NULL} where {@code T}
 * is the union of its elements' types: {@code NOTHING} for an empty list, nullable members when one
 * element is null, members that another member encloses dropped ({@code LIST<NOTHING>} inside any
 * list type, {@code LIST<INTEGER>} inside {@code LIST<STRING | INTEGER>}), members in Neo4j's type
 * order, a single member without a union. So {@code [1, 'a', null]} is
 * {@code LIST<STRING | INTEGER> NOT NULL}.
 */
public final class ValueTypes {
    private ValueTypes() {
    }

    /** The text {@code valueType()} returns for {@code value}. */
    public static String describe(Object value) {
        return describe(of(value));
    }

    /** The normalized type of {@code value}. */
    public static CypherType of(Object value) {
        if (value == null) {
            return new CypherType.Simple(CypherType.Base.NULL, true);
        }
        if (CypherValues.isList(value)) {
            List<?> list = CypherValues.asList(value);
            Set<CypherType> members = new LinkedHashSet<>();
            for (Object x : list) {
                members.add(of(x));
            }
            return new CypherType.ListOf(union(members), false);
        }
        return new CypherType.Simple(base(value), false);
    }

    private static CypherType.Base base(Object v) {
        if (v instanceof Boolean) {
            return CypherType.Base.BOOLEAN;
        }
        if (v instanceof String) {
            return CypherType.Base.STRING;
        }
        if (v instanceof Long) {
            return CypherType.Base.INTEGER;
        }
        if (v instanceof Double) {
            return CypherType.Base.FLOAT;
        }
        if (v instanceof LocalDate) {
            return CypherType.Base.DATE;
        }
        if (v instanceof LocalTime) {
            return CypherType.Base.LOCAL_TIME;
        }
        if (v instanceof OffsetTime) {
            return CypherType.Base.ZONED_TIME;
        }
        if (v instanceof LocalDateTime) {
            return CypherType.Base.LOCAL_DATETIME;
        }
        if (v instanceof ZonedDateTime) {
            return CypherType.Base.ZONED_DATETIME;
        }
        if (v instanceof CypherDuration) {
            return CypherType.Base.DURATION;
        }
        if (v instanceof PointValue) {
            return CypherType.Base.POINT;
        }
        if (v instanceof NodeValue) {
            return CypherType.Base.NODE;
        }
        if (v instanceof RelationshipValue) {
            return CypherType.Base.RELATIONSHIP;
        }
        if (v instanceof Map<?, ?>) {
            return CypherType.Base.MAP;
        }
        if (v instanceof PathValue) {
            return CypherType.Base.PATH;
        }
        return CypherType.Base.ANY;
    }

    /** The element type of a list whose elements have the types {@code members} (each normalized). */
    private static CypherType union(Set<CypherType> members) {
        if (members.isEmpty()) {
            return new CypherType.Simple(CypherType.Base.NOTHING, false);
        }
        boolean nullable = members.remove(new CypherType.Simple(CypherType.Base.NULL, true));
        if (members.isEmpty()) {
            return new CypherType.Simple(CypherType.Base.NULL, true);
        }
        List<CypherType> kept = new ArrayList<>();
        for (CypherType m : members) {
            kept.add(nullable ? withNullable(m) : m);
        }
        // Several list members may collapse into one once nullable, so absorb after that.
        List<CypherType> distinct = new ArrayList<>(new LinkedHashSet<>(kept));
        List<CypherType> out = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            CypherType m = distinct.get(i);
            boolean absorbed = false;
            for (int j = 0; j < distinct.size() && !absorbed; j++) {
                absorbed = j != i && encloses(distinct.get(j), m);
            }
            if (!absorbed) {
                out.add(m);
            }
        }
        out.sort(ORDER);
        return out.size() == 1 ? out.get(0) : new CypherType.Union(out);
    }

    private static CypherType withNullable(CypherType t) {
        if (t instanceof CypherType.Simple s) {
            return new CypherType.Simple(s.base(), true);
        }
        return new CypherType.ListOf(((CypherType.ListOf) t).element(), true);
    }

    /** Whether every value of {@code inner} is a value of {@code outer} (for the types values have). */
    private static boolean encloses(CypherType outer, CypherType inner) {
        if (inner.nullable() && !outer.nullable()) {
            return false;
        }
        if (inner instanceof CypherType.Union u) {
            return u.members().stream().allMatch(m -> encloses(outer, m));
        }
        if (outer instanceof CypherType.Union u) {
            return u.members().stream().anyMatch(m -> encloses(m, inner));
        }
        if (inner instanceof CypherType.Simple si) {
            return si.base() == CypherType.Base.NOTHING
                    || outer instanceof CypherType.Simple so && so.base() == si.base();
        }
        CypherType innerElement = ((CypherType.ListOf) inner).element();
        return outer instanceof CypherType.ListOf lo
                && (isNull(innerElement) ? lo.element().nullable() : encloses(lo.element(), innerElement));
    }

    private static boolean isNull(CypherType t) {
        return t instanceof CypherType.Simple s && s.base() == CypherType.Base.NULL;
    }

    /**
     * Neo4j's order of types: by kind (the order of {@link CypherType.Base}, with lists between MAP
     * and PATH and unions after them), lists by their element type, unions by their size and then
     * member by member; a type NOT NULL before the same type nullable.
     */
    private static final Comparator<CypherType> ORDER = ValueTypes::compare;

    private static int compare(CypherType a, CypherType b) {
        int byRank = Integer.compare(rank(a), rank(b));
        if (byRank != 0) {
            return byRank;
        }
        if (a instanceof CypherType.ListOf la && b instanceof CypherType.ListOf lb) {
            int byElement = compare(la.element(), lb.element());
            if (byElement != 0) {
                return byElement;
            }
        } else if (a instanceof CypherType.Union ua && b instanceof CypherType.Union ub) {
            List<CypherType> ma = ua.members();
            List<CypherType> mb = ub.members();
            if (ma.size() != mb.size()) {
                return Integer.compare(ma.size(), mb.size());
            }
            for (int i = 0; i < ma.size(); i++) {
                int byMember = compare(ma.get(i), mb.get(i));
                if (byMember != 0) {
                    return byMember;
                }
            }
        }
        return Boolean.compare(a.nullable(), b.nullable());
    }

    private static int rank(CypherType t) {
        if (t instanceof CypherType.Simple s) {
            return 2 * s.base().ordinal();
        }
        if (t instanceof CypherType.ListOf) {
            return 2 * CypherType.Base.MAP.ordinal() + 1;
        }
        return 2 * CypherType.Base.PROPERTY_VALUE.ordinal();
    }

    /** The text of a type as Neo4j writes it: {@code INTEGER NOT NULL}, {@code LIST<STRING | INTEGER> NOT NULL}. */
    public static String describe(CypherType type) {
        if (type instanceof CypherType.Union u) {
            List<String> parts = new ArrayList<>();
            for (CypherType m : u.members()) {
                parts.add(describe(m));
            }
            return String.join(" | ", parts);
        }
        String name;
        if (type instanceof CypherType.ListOf l) {
            name = "LIST<" + describe(l.element()) + ">";
        } else {
            CypherType.Base base = ((CypherType.Simple) type).base();
            name = base.name().replace('_', ' ').toUpperCase(Locale.ROOT);
            if (base == CypherType.Base.NOTHING || base == CypherType.Base.NULL) {
                return name; // never written with NOT NULL
            }
        }
        return type.nullable() ? name : name + " NOT NULL";
    }
}
