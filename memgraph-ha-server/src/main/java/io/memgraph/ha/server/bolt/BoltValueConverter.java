package io.memgraph.ha.server.bolt;

import io.memgraph.ha.bolt.server.spi.BoltFailureException;
import io.memgraph.ha.bolt.value.BoltDuration;
import io.memgraph.ha.bolt.value.Node;
import io.memgraph.ha.bolt.value.Path;
import io.memgraph.ha.bolt.value.Point2D;
import io.memgraph.ha.bolt.value.Point3D;
import io.memgraph.ha.bolt.value.Relationship;
import io.memgraph.ha.bolt.value.Structure;
import io.memgraph.ha.bolt.value.UnboundRelationship;
import io.memgraph.ha.query.eval.GraphAccessor;
import io.memgraph.ha.query.value.CypherDuration;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.Points;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.DurationValue;
import io.memgraph.ha.storage.PointValue;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts values between the query engine's value model and the Bolt value model, both ways.
 *
 * <p>Engine to Bolt (result records): graph entities become {@link Node}, {@link Relationship} and
 * {@link Path} records whose labels, type, end points and properties are read through the
 * execution's {@link GraphAccessor} (valid only while the transaction is open, so records are
 * converted as they are pulled); points become {@link Point2D} or {@link Point3D}, byte arrays
 * stay PackStream bytes. Bolt to engine (query parameters): Bolt durations become
 * {@link CypherDuration}, points become {@link PointValue} (checked as Neo4j checks them);
 * graph entities and unknown structures are refused with a client error because a query
 * cannot use them as parameters.
 */
public final class BoltValueConverter {

    /** Status code for a parameter the engine cannot take. */
    static final String TYPE_ERROR = "Neo.ClientError.Statement.TypeError";

    private BoltValueConverter() {
    }

    /**
     * Converts one engine value (a record field) to the Bolt value model.
     *
     * @param value the engine value
     * @param accessor reads what the engine's graph values do not carry themselves
     * @return the Bolt value
     * @throws IllegalStateException for a Java type the engine must never produce (a bug)
     */
    public static Object toBolt(Object value, GraphAccessor accessor) {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(toBolt(o, accessor));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            return mapToBolt(map, accessor);
        }
        if (value instanceof NodeValue n) {
            return node(n, accessor);
        }
        if (value instanceof RelationshipValue r) {
            return relationship(r, accessor);
        }
        if (value instanceof PathValue p) {
            return path(p, accessor);
        }
        if (value instanceof CypherDuration d) {
            return new BoltDuration(d.months(), d.days(), d.seconds(), d.nanos());
        }
        if (value instanceof DurationValue d) {
            CypherDuration c = CypherDuration.of(d.months(), d.days(), d.seconds(), d.nanos());
            return new BoltDuration(c.months(), c.days(), c.seconds(), c.nanos());
        }
        if (value instanceof PointValue p) {
            return p.is3d() ? new Point3D(p.srid(), p.x(), p.y(), p.z()) : new Point2D(p.srid(), p.x(), p.y());
        }
        if (value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime
                || value instanceof OffsetTime || value instanceof ZonedDateTime || value instanceof OffsetDateTime
                || value instanceof byte[]) {
            return value;
        }
        throw new IllegalStateException("the query engine produced a value of unsupported type "
                + value.getClass().getName());
    }

    private static Map<String, Object> mapToBolt(Map<?, ?> map, GraphAccessor accessor) {
        Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(String.valueOf(e.getKey()), toBolt(e.getValue(), accessor));
        }
        return out;
    }

    private static Node node(NodeValue n, GraphAccessor accessor) {
        return new Node(n.id(), List.copyOf(accessor.labels(n)), mapToBolt(accessor.properties(n), accessor),
                accessor.elementId(n));
    }

    private static Relationship relationship(RelationshipValue r, GraphAccessor accessor) {
        NodeValue start = accessor.startNode(r);
        NodeValue end = accessor.endNode(r);
        return new Relationship(r.id(), start.id(), end.id(), accessor.type(r),
                mapToBolt(accessor.properties(r), accessor), accessor.elementId(r), accessor.elementId(start),
                accessor.elementId(end));
    }

    /**
     * A path in Bolt's wire form: the distinct nodes (the start first), the distinct relationships
     * without end points, and for each step a 1-based relationship index (negative when walked
     * against its direction) followed by the index of the node reached.
     */
    private static Path path(PathValue p, GraphAccessor accessor) {
        List<Node> nodes = new ArrayList<>();
        Map<Long, Integer> nodeIndex = new HashMap<>();
        List<UnboundRelationship> rels = new ArrayList<>();
        Map<Long, Integer> relIndex = new HashMap<>();
        List<Long> indices = new ArrayList<>(p.relationships().size() * 2);
        addNode(p.nodes().get(0), nodes, nodeIndex, accessor);
        for (int i = 0; i < p.relationships().size(); i++) {
            RelationshipValue r = p.relationships().get(i);
            NodeValue from = p.nodes().get(i);
            NodeValue to = p.nodes().get(i + 1);
            Integer ri = relIndex.get(r.id());
            if (ri == null) {
                ri = rels.size();
                relIndex.put(r.id(), ri);
                rels.add(new UnboundRelationship(r.id(), accessor.type(r), mapToBolt(accessor.properties(r), accessor),
                        accessor.elementId(r)));
            }
            boolean forward = accessor.startNode(r).id() == from.id();
            indices.add(forward ? ri + 1L : -(ri + 1L));
            indices.add((long) addNode(to, nodes, nodeIndex, accessor));
        }
        return new Path(nodes, rels, indices);
    }

    private static int addNode(NodeValue n, List<Node> nodes, Map<Long, Integer> index, GraphAccessor accessor) {
        Integer i = index.get(n.id());
        if (i == null) {
            i = nodes.size();
            index.put(n.id(), i);
            nodes.add(node(n, accessor));
        }
        return i;
    }

    /**
     * Converts the parameters of a RUN to engine values.
     *
     * @throws BoltFailureException {@code Neo.ClientError.Statement.TypeError} naming the parameter
     *     when a value cannot be a query parameter
     */
    public static Map<String, Object> parametersToEngine(Map<String, Object> parameters) {
        Map<String, Object> out = new HashMap<>(Math.max(4, parameters.size() * 2));
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            out.put(e.getKey(), toEngine(e.getValue(), e.getKey()));
        }
        return out;
    }

    /**
     * Converts one Bolt value to an engine value.
     *
     * @param value the Bolt value
     * @param where the parameter path, for the error message (e.g. {@code person.born})
     */
    static Object toEngine(Object value, String where) {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String || value instanceof LocalDate || value instanceof LocalTime
                || value instanceof LocalDateTime || value instanceof OffsetTime || value instanceof ZonedDateTime) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toZonedDateTime();
        }
        if (value instanceof BoltDuration d) {
            return CypherDuration.of(d.months(), d.days(), d.seconds(), d.nanoseconds());
        }
        if (value instanceof Point2D p) {
            return point(p.srid(), false, p.x(), p.y(), Double.NaN);
        }
        if (value instanceof Point3D p) {
            return point(p.srid(), true, p.x(), p.y(), p.z());
        }
        if (value instanceof byte[] b) {
            return b;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(toEngine(list.get(i), where + "[" + i + "]"));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, toEngine(e.getValue(), where + "." + key));
            }
            return out;
        }
        String what;
        if (value instanceof Node || value instanceof Relationship || value instanceof UnboundRelationship
                || value instanceof Path) {
            what = "a graph entity (" + value.getClass().getSimpleName() + ")";
        } else if (value instanceof Structure s) {
            what = "an unknown structure (tag 0x" + Integer.toHexString(s.tag() & 0xff) + ")";
        } else {
            what = "a value of type " + value.getClass().getSimpleName();
        }
        throw new BoltFailureException(TYPE_ERROR, "Parameter $" + where + " is " + what
                + ", which cannot be used as a query parameter");
    }

    /**
     * A client's point, checked as Neo4j checks one it unpacks: a known SRID of the point's
     * dimension and valid coordinates (the longitude wrapped), else a TypeError in Neo4j's words.
     */
    private static PointValue point(long srid, boolean is3d, double x, double y, double z) {
        Points.Crs crs = Points.Crs.bySrid(srid);
        if (crs == null) {
            throw unconstructablePoint("Unknown coordinate reference system code: " + srid);
        }
        if (crs.is3d() != is3d) {
            String coordinates = is3d ? "[" + x + ", " + y + ", " + z + "]" : "[" + x + ", " + y + "]";
            throw unconstructablePoint("Cannot create point, CRS " + crs.crsName() + " expects "
                    + (crs.is3d() ? 3 : 2) + " dimensions, but got coordinates " + coordinates);
        }
        try {
            return Points.create(crs, x, y, z);
        } catch (CypherException e) {
            throw unconstructablePoint(e.getMessage());
        }
    }

    private static BoltFailureException unconstructablePoint(String why) {
        return new BoltFailureException(TYPE_ERROR, "Unable to construct Point value: `" + why + "`");
    }
}
