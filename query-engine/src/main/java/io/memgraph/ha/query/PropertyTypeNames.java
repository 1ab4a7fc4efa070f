package io.memgraph.ha.query;

import io.memgraph.ha.query.ast.CypherType;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.PropertyType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The types a property type constraint statement names, as the storage's {@link PropertyType}
 * names: Neo4j 5's property types (BOOLEAN to POINT), {@code LIST<T NOT NULL>} of one of them and
 * unions of these, plus Memgraph's {@code LIST} and {@code MAP} of any content. Anything else is
 * refused in one line naming it, before anything is written.
 */
public final class PropertyTypeNames {
    private PropertyTypeNames() {
    }

    /** The storage names of a constraint's type; a {@link CypherException} for a type a constraint cannot require. */
    static List<String> of(CypherType type) {
        List<CypherType> members = type instanceof CypherType.Union u ? u.members() : List.of(type);
        List<String> names = new ArrayList<>(members.size());
        for (CypherType m : members) {
            names.add(name(m));
        }
        return names;
    }

    private static String name(CypherType t) {
        if (!t.nullable()) {
            throw refused("a type with NOT NULL (`" + text(t) + "`): a property type constraint allows a missing "
                    + "property; add an existence constraint (IS NOT NULL) to require it");
        }
        if (t instanceof CypherType.Simple s) {
            if (s.base() == CypherType.Base.MAP) {
                return PropertyType.MAP;
            }
            String scalar = scalar(s.base());
            if (scalar == null) {
                throw refused("`" + text(t) + "`");
            }
            return scalar;
        }
        CypherType.ListOf list = (CypherType.ListOf) t;
        if (list.element() instanceof CypherType.Simple e && e.base() == CypherType.Base.ANY && e.nullable()) {
            return PropertyType.ANY_LIST;
        }
        String element = list.element() instanceof CypherType.Simple e ? scalar(e.base()) : null;
        if (element == null || list.element().nullable()) {
            throw refused("`" + text(t) + "` (a list type must be LIST<T NOT NULL> of a property type T, e.g. "
                    + "LIST<STRING NOT NULL>)");
        }
        return PropertyType.listOf(element);
    }

    /** BOOLEAN to POINT as the storage names them, else null. */
    private static String scalar(CypherType.Base base) {
        String name = base.name().replace('_', ' ');
        return PropertyType.SCALARS.contains(name) ? name : null;
    }

    private static CypherException refused(String what) {
        return new CypherException(CypherErrorKind.UNEXPECTED_SYNTAX,
                "Property type constraints cannot require " + what);
    }

    /** A type as Neo4j writes it, for messages. */
    private static String text(CypherType t) {
        if (t instanceof CypherType.Union u) {
            List<String> parts = new ArrayList<>();
            u.members().forEach(m -> parts.add(text(m)));
            return String.join(" | ", parts);
        }
        String notNull = t.nullable() ? "" : " NOT NULL";
        if (t instanceof CypherType.ListOf l) {
            return "LIST<" + text(l.element()) + ">" + notNull;
        }
        return ((CypherType.Simple) t).base().name().replace('_', ' ').toUpperCase(Locale.ROOT) + notNull;
    }

    /**
     * The name Memgraph's {@code IS TYPED} and {@code SHOW CONSTRAINT INFO} give a constraint's one
     * type ({@code LOCALDATETIME}, {@code LIST}), or null when Memgraph has no name for the types
     * (a union, a typed list, {@code ZONED TIME}).
     */
    public static String memgraph(List<String> types) {
        if (types.size() != 1) {
            return null;
        }
        String t = types.get(0);
        return switch (t) {
            case "LOCAL TIME" -> "LOCALTIME";
            case "LOCAL DATETIME" -> "LOCALDATETIME";
            case "ZONED DATETIME" -> "ZONEDDATETIME";
            case PropertyType.ANY_LIST -> "LIST";
            case "ZONED TIME" -> null;
            default -> t.startsWith("LIST<") ? null : t;
        };
    }
}
