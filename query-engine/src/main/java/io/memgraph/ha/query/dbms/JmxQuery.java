package io.memgraph.ha.query.dbms;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.exec.StatusException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dbms.queryJmx(query)}: the management beans whose names match a JMX object name pattern
 * ({@code java.lang:type=Memory}, {@code *:*}), as Neo4j 5 returns them: one row per bean,
 * {@code name}, {@code description} and {@code attributes}, a map from each readable attribute's
 * name to {@code {description, value}}. The beans are the JVM's own (its platform MBean server)
 * and the server's {@link Metric}s as Neo4j's metrics beans
 * ({@code neo4j.metrics:name=neo4j.database.memgraph.ids_in_use.node}), which cypher-shell's
 * {@code :sysinfo} reads. Values become Cypher values: numbers, strings, booleans, lists (arrays,
 * tabular data) and maps (composite data); anything else its text. A JVM option or system property
 * whose name says it holds a password, secret, token or credential shows {@value #HIDDEN} as its
 * value: every user that can log in may run this (there are no roles).
 */
public final class JmxQuery {
    private static final Logger LOG = LoggerFactory.getLogger(JmxQuery.class);
    /** What a secret's value shows as. */
    static final String HIDDEN = "******";
    private static final String DATABASE_METRIC = "database.";
    /** The one database's name in its metrics' names. */
    private static final String OUR_DATABASE = DATABASE_METRIC + "memgraph.";

    private JmxQuery() {
    }

    /**
     * The rows for {@code query}: the matching metrics first, then the JVM's beans, each sorted by name.
     *
     * @throws StatusException {@code Neo.ClientError.Procedure.ProcedureCallFailed} when
     *     {@code query} is null or not an object name pattern
     */
    public static List<Object[]> run(Object query, List<Metric> metrics) {
        ObjectName pattern = pattern(query);
        List<Object[]> rows = new ArrayList<>(metricRows(pattern, metrics));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : new TreeSet<>(server.queryNames(pattern, null))) {
            Object[] row = beanRow(server, name);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static ObjectName pattern(Object query) {
        if (!(query instanceof String text)) {
            throw failed("the query must be a String (a JMX object name pattern such as 'java.lang:type=Memory' or"
                    + " '*:*'), but was " + (query == null ? "null" : query.getClass().getSimpleName()));
        }
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw failed("'" + text + "' is not a JMX object name pattern: " + e.getMessage());
        }
    }

    private static StatusException failed(String why) {
        return new StatusException(CypherErrorKind.INVALID_ARGUMENT_VALUE, "Neo.ClientError.Procedure.ProcedureCallFailed",
                "Failed to invoke procedure `dbms.queryJmx`: " + why);
    }

    /**
     * The metrics {@code pattern} matches. A name (not a pattern) of a database metric of another
     * database, as a client that named its own database asks for it, is that metric of the one
     * database: every name a driver gives reaches it.
     */
    private static List<Object[]> metricRows(ObjectName pattern, List<Metric> metrics) {
        List<Object[]> rows = new ArrayList<>();
        List<Metric> sorted = new ArrayList<>(metrics);
        sorted.sort(Comparator.comparing(Metric::name));
        for (Metric m : sorted) {
            ObjectName name = metricName(Metric.PREFIX + m.name());
            if (pattern.apply(name)) {
                rows.add(metricRow(name.getCanonicalName(), m));
            }
        }
        String asked = pattern.isPattern() || !Metric.DOMAIN.equals(pattern.getDomain()) ? null
                : pattern.getKeyProperty("name");
        if (rows.isEmpty() && asked != null && asked.startsWith(Metric.PREFIX + DATABASE_METRIC)) {
            for (Metric m : sorted) {
                if (m.name().startsWith(OUR_DATABASE)
                        && asked.endsWith("." + m.name().substring(OUR_DATABASE.length()))) {
                    rows.add(metricRow(pattern.getCanonicalName(), m));
                }
            }
        }
        return rows;
    }

    private static ObjectName metricName(String name) {
        try {
            return new ObjectName(Metric.DOMAIN, "name", name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("metric name " + name + " is not a JMX key value", e);
        }
    }

    private static Object[] metricRow(String beanName, Metric m) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("description", m.description());
        attribute.put("value", m.value());
        return new Object[] {beanName, m.description(), Map.of(m.counter() ? "Count" : "Value", attribute)};
    }

    /** A bean's row, or null when it went away while being read. */
    private static Object[] beanRow(MBeanServer server, ObjectName name) {
        MBeanInfo info;
        try {
            info = server.getMBeanInfo(name);
        } catch (JMException e) {
            LOG.debug("dbms.queryJmx: bean {} is gone: {}", name, e.toString());
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            if (!a.isReadable()) {
                continue;
            }
            Object value;
            try {
                value = redacted(toCypher(server.getAttribute(name, a.getName())));
            } catch (JMException | RuntimeException e) {
                // Some attributes cannot be read on this JVM (unsupported, or need an argument): such
                // an attribute is left out, as its bean tells nothing more about it.
                LOG.debug("dbms.queryJmx: attribute {} of {} cannot be read: {}", a.getName(), name, e.toString());
                continue;
            }
            Map<String, Object> attribute = new LinkedHashMap<>();
            attribute.put("description", a.getDescription());
            attribute.put("value", value);
            attributes.put(a.getName(), attribute);
        }
        return new Object[] {name.getCanonicalName(), info.getDescription(), attributes};
    }

    /**
     * {@code value} with what may be a secret hidden: a JVM option {@code -Dkey=value} or a system
     * property ({@code {key, value}}, as the Runtime bean lists them) whose key names a password,
     * secret, token or credential keeps its key, its value becomes {@value #HIDDEN}.
     */
    @SuppressWarnings("unchecked")
    static Object redacted(Object value) {
        if (value instanceof String option && option.startsWith("-D") && option.indexOf('=') > 0
                && Setting.mayHoldSecret(option.substring(0, option.indexOf('=')))) {
            return option.substring(0, option.indexOf('=') + 1) + HIDDEN;
        }
        if (value instanceof Map<?, ?> m && m.get("key") instanceof String key && m.containsKey("value")
                && Setting.mayHoldSecret(key)) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
            copy.put("value", HIDDEN);
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(e -> copy.add(redacted(e)));
            return copy;
        }
        return value;
    }

    /** {@code value} in the engine's value model. */
    static Object toCypher(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof CompositeData data) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : new TreeSet<>(data.getCompositeType().keySet())) {
                map.put(key, toCypher(data.get(key)));
            }
            return map;
        }
        if (value instanceof TabularData table) {
            return toCypher(table.values());
        }
        if (value instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            c.forEach(e -> list.add(toCypher(e)));
            return list;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            m.forEach((k, v) -> map.put(String.valueOf(k), toCypher(v)));
            return map;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(toCypher(Array.get(value, i)));
            }
            return list;
        }
        return value.toString();
    }
}
