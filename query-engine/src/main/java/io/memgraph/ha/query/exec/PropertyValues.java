package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.CypherValues;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.DurationValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between the query value model and the storage property model (durations differ). */
final class PropertyValues {
    private PropertyValues() {
    }

    /** A stored property as a query value. */
    static Object fromStorage(Object v) {
        if (v instanceof DurationValue d) {
            return CypherDuration.of(d.months(), d.days(), d.seconds(), d.nanos());
        }
        if (v instanceof List<?> l) {
            boolean plain = true;
            for (Object x : l) {
                if (x instanceof DurationValue || x instanceof List || x instanceof Map) {
                    plain = false;
                    break;
                }
            }
            if (plain) {
                return l;
            }
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(fromStorage(x));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, fromStorage(x)));
            return out;
        }
        return v;
    }

    /** A query value to store; nodes, relationships and paths cannot be property values. */
    static Object toStorage(Object v, String key) {
        if (v instanceof CypherDuration d) {
            return new DurationValue(d.months(), d.days(), d.seconds(), d.nanos());
        }
        if (v instanceof NodeValue || v instanceof RelationshipValue || v instanceof PathValue) {
            throw new CypherException(CypherErrorKind.INVALID_PROPERTY_TYPE, "Property values can only be of "
                    + "primitive types or lists thereof; got " + CypherValues.typeName(v) + " for property '" + key + "'");
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(toStorage(x, key));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, toStorage(x, key)));
            return out;
        }
        return v;
    }
}
