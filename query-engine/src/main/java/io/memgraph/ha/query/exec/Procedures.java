package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.dbms.JmxQuery;
import io.memgraph.ha.query.dbms.Metric;
import io.memgraph.ha.query.dbms.Setting;
import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The procedures that {@code CALL name(args) YIELD ...} can run, by name (names are case
 * sensitive, as in Neo4j). An engine has its own registry: the server's built-ins, and whatever a
 * test registers.
 *
 * <p>The built-ins answer what tools ask on connecting: {@code db.labels()},
 * {@code db.relationshipTypes()}, {@code db.propertyKeys()} (each what the graph holds now, in the
 * order first met in a scan of the graph), {@code db.schema.visualization()}, {@code db.ping()},
 * {@code dbms.components()}, {@code dbms.info()}, {@code dbms.clientConfig()} and
 * {@code dbms.showCurrentUser()}, and Memgraph's {@code mg.procedures()} and {@code mg.functions()}
 * ({@link MemgraphModuleProcedures}).
 */
public final class Procedures {

    /**
     * What a procedure may do: read the graph, write it (a query that calls one is a write: it runs
     * on the leader, its changes go into the transaction's write set as CREATE's and SET's do, and
     * they count in the summary), or only tell about the server.
     */
    public enum Mode { READ, WRITE, DBMS }

    /**
     * An input or output field: its name and its Cypher type, e.g. {@code STRING?}. An optional
     * input may be left out of a call, which then passes {@code defaultValue}.
     */
    public record Field(String name, String type, boolean optional, Object defaultValue) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** An output, or an input every call must give. */
        public Field(String name, String type) {
            this(name, type, false, null);
        }

        /** An optional input: a call that leaves it out passes {@code defaultValue}. */
        public Field(String name, String type, Object defaultValue) {
            this(name, type, true, defaultValue);
        }

        /** {@code name :: TYPE}, or {@code name = default :: TYPE} for an optional input, as Neo4j prints it. */
        @Override
        public String toString() {
            String given = !optional ? "" : defaultValue instanceof String text ? " = \"" + text + "\"" : " = "
                    + defaultValue;
            return name + given + " :: " + type;
        }
    }

    /** What a procedure does: rows of output values, in the order of its output fields. */
    @FunctionalInterface
    public interface Body {
        List<Object[]> call(ExecContext ctx, List<Object> arguments);
    }

    /**
     * A procedure whose rows are made one at a time as the query pulls them (a file read row by
     * row). An iterator that is also {@link java.io.Closeable} is closed when it is exhausted or
     * when the query ends in any other way.
     */
    @FunctionalInterface
    public interface StreamingBody extends Body {
        java.util.Iterator<Object[]> stream(ExecContext ctx, List<Object> arguments);

        /** Every row at once (for callers that want a list). */
        @Override
        default List<Object[]> call(ExecContext ctx, List<Object> arguments) {
            List<Object[]> rows = new ArrayList<>();
            java.util.Iterator<Object[]> it = stream(ctx, arguments);
            try {
                it.forEachRemaining(rows::add);
            } finally {
                if (it instanceof java.io.Closeable c) {
                    ctx.release(ctx.register(c));
                }
            }
            return rows;
        }
    }

    /** One procedure. */
    public record Procedure(String name, List<Field> inputs, List<Field> outputs, Mode mode, String description,
            Body body) {
        public Procedure {
            Objects.requireNonNull(name, "name");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(body, "body");
            description = description == null ? "" : description;
        }

        /** {@code name(in :: TYPE) :: (out :: TYPE)}, as SHOW PROCEDURES prints it. */
        public String signature() {
            return name + "(" + fields(inputs) + ") :: (" + fields(outputs) + ")";
        }

        /** How many inputs a call must give (the optional ones come last). */
        public int requiredInputs() {
            return (int) inputs.stream().filter(f -> !f.optional()).count();
        }

        /** The output field called {@code field}, or -1. */
        public int output(String field) {
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i).name().equals(field)) {
                    return i;
                }
            }
            return -1;
        }

        private static String fields(List<Field> fs) {
            StringBuilder sb = new StringBuilder();
            for (Field f : fs) {
                sb.append(sb.length() == 0 ? "" : ", ").append(f);
            }
            return sb.toString();
        }
    }

    /** The name of the setting that says whether logins are checked, as Neo4j names it. */
    private static final String CLIENT_AUTH_SETTING = "dbms.security.auth_enabled";
    /** The outputs of {@code dbms.listConfig()} and {@code dbms.clientConfig()}, Neo4j 5's. */
    private static final List<Field> SETTING_OUTPUTS = List.of(new Field("name", "STRING"),
            new Field("description", "STRING"), new Field("value", "STRING"), new Field("dynamic", "BOOLEAN"),
            new Field("defaultValue", "STRING"), new Field("startupValue", "STRING"),
            new Field("explicitlySet", "BOOLEAN"), new Field("validValues", "STRING"));

    private final Map<String, Procedure> byName = new ConcurrentHashMap<>();
    private volatile List<Setting> settings = List.of();
    private final String version;

    /**
     * The Neo4j version whose Bolt and Cypher this server speaks, as its Bolt agent says
     * ({@code Neo4j/5.26.0}, {@code BoltServer}): the first row of {@code dbms.components()}, named
     * {@code Neo4j Kernel}, which tools read to choose their code paths (Neo4j Browser, cypher-shell,
     * Spring Boot's health check, py2neo).
     */
    public static final String NEO4J_VERSION = "5.26.0";
    /** This product's name, its row in {@code dbms.components()}. */
    public static final String PRODUCT = "Memgraph HA";

    /** An empty registry. */
    public Procedures() {
        this("unknown");
    }

    /** An empty registry of a server at {@code version}. */
    private Procedures(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The version of the server these procedures belong to ({@code SHOW VERSION}), {@code unknown} if not told. */
    public String version() {
        return version;
    }

    /**
     * The rows of {@code dbms.components()}: Neo4j's kernel at {@link #NEO4J_VERSION} first, for the
     * tools, then {@code product} at its own {@code version}.
     */
    public static List<Object[]> components(String product, String version) {
        return List.of(new Object[] {"Neo4j Kernel", List.of(NEO4J_VERSION), "community"},
                new Object[] {product, List.of(version), "community"});
    }

    /**
     * The server's built-in procedures.
     *
     * @param product the product name {@code dbms.components()} reports
     * @param version its version
     * @param serverName the name {@code dbms.info()} reports for this server
     */
    public static Procedures builtIn(String product, String version, String serverName) {
        Procedures p = new Procedures(version);
        MemgraphModuleProcedures.register(p);
        ApocProcedures.register(p);
        BatchProcedures.register(p);
        VectorProcedures.register(p);
        FulltextProcedures.register(p);
        p.register(new Procedure("db.labels", List.of(), List.of(new Field("label", "STRING")), Mode.READ,
                "List all labels of nodes in the database.", (ctx, args) -> rows(labels(ctx))));
        p.register(new Procedure("db.relationshipTypes", List.of(), List.of(new Field("relationshipType", "STRING")),
                Mode.READ, "List all types of relationships in the database.",
                (ctx, args) -> rows(relationshipTypes(ctx))));
        p.register(new Procedure("db.propertyKeys", List.of(), List.of(new Field("propertyKey", "STRING")),
                Mode.READ, "List all property keys of nodes and relationships in the database.",
                (ctx, args) -> rows(propertyKeys(ctx))));
        p.register(new Procedure("db.schema.visualization", List.of(),
                List.of(new Field("nodes", "LIST<NODE>"), new Field("relationships", "LIST<RELATIONSHIP>")),
                Mode.READ, "Visualizes the schema of the data: one node per label, one relationship per"
                        + " (start label, type, end label).",
                (ctx, args) -> List.<Object[]>of(SchemaVisualization.compute(ctx))));
        p.register(new Procedure("db.ping", List.of(), List.of(new Field("success", "BOOLEAN")), Mode.READ,
                "Check that the database answers.", (ctx, args) -> List.<Object[]>of(new Object[] {true})));
        p.register(new Procedure("dbms.components", List.of(),
                List.of(new Field("name", "STRING"), new Field("versions", "LIST<STRING>"),
                        new Field("edition", "STRING")), Mode.DBMS, "List the components of the DBMS and their versions.",
                (ctx, args) -> components(product, version)));
        p.register(new Procedure("dbms.info", List.of(),
                List.of(new Field("id", "STRING"), new Field("name", "STRING"), new Field("creationDate", "STRING")),
                Mode.DBMS, "Information about this server.",
                (ctx, args) -> List.<Object[]>of(new Object[] {serverName, serverName, ""})));
        p.registerSettings(clientSettings(false));
        p.register(queryJmx(List::of));
        p.register(new Procedure("dbms.showCurrentUser", List.of(), List.of(new Field("username", "STRING"),
                new Field("roles", "LIST<STRING>"), new Field("flags", "LIST<STRING>")), Mode.DBMS,
                "Show the current user.",
                // roles null as in Neo4j's community edition (there are no roles); no flag, as no
                // password change is ever required
                (ctx, args) -> List.<Object[]>of(new Object[] {ctx.control().user(), null, List.of()})));
        return p;
    }

    /**
     * The settings Neo4j gives clients such as Neo4j Browser, those of {@code dbms.clientConfig()}:
     * the {@code browser.*} ones at Neo4j's defaults (not settable here), and
     * {@code dbms.security.auth_enabled}, the server's {@code --auth-enabled}.
     */
    public static List<Setting> clientSettings(boolean authEnabled) {
        return List.of(
                Setting.atDefault("browser.allow_outgoing_connections", "Whether Neo4j Browser may fetch guides and"
                        + " other remote content.", "true", "a boolean"),
                Setting.atDefault("browser.credential_timeout", "How long Neo4j Browser keeps credentials when idle"
                        + " (0s: no limit).", "0s", "a duration"),
                Setting.atDefault("browser.post_connect_cmd", "Commands Neo4j Browser runs after it connects.", "",
                        "a string"),
                Setting.atDefault("browser.remote_content_hostname_allowlist", "The hosts Neo4j Browser may fetch"
                        + " remote content from.", "guides.neo4j.com,localhost", "a string"),
                Setting.atDefault("browser.retain_connection_credentials", "Whether Neo4j Browser keeps credentials"
                        + " between sessions.", "true", "a boolean"),
                Setting.atDefault("browser.retain_editor_history", "Whether Neo4j Browser keeps its editor history.",
                        "true", "a boolean"),
                new Setting(CLIENT_AUTH_SETTING, "Whether logins are checked (--auth-enabled).",
                        String.valueOf(authEnabled), "false", authEnabled, "a boolean"));
    }

    /**
     * {@code dbms.clientConfig()} over {@link #clientSettings}: the settings Neo4j gives clients,
     * with Neo4j 5's columns (those of {@code dbms.listConfig()}). Registering it again replaces
     * the one {@link #builtIn} has (false); {@link #registerSettings} registers it too.
     */
    public static Procedure clientConfig(boolean authEnabled) {
        return clientConfig(clientSettings(authEnabled));
    }

    private static Procedure clientConfig(List<Setting> settings) {
        List<Object[]> rows = new ArrayList<>();
        for (Setting s : settings) {
            if (s.name().startsWith("browser.") || s.name().equals(CLIENT_AUTH_SETTING)) {
                rows.add(s.listConfigRow());
            }
        }
        return new Procedure("dbms.clientConfig", List.of(), SETTING_OUTPUTS, Mode.DBMS,
                "Return config settings interesting to clients (e.g. Neo4j Browser).", (ctx, args) -> rows);
    }

    /**
     * Makes {@code settings} this server's: {@code dbms.listConfig([searchString])} lists them (those
     * whose name contains the search string, in any case), {@code dbms.clientConfig()} those it
     * gives clients, and {@code SHOW SETTINGS} reads them from {@link #settings()}. Sorted by name,
     * as Neo4j lists them.
     */
    public void registerSettings(List<Setting> settings) {
        List<Setting> sorted = new ArrayList<>(settings);
        sorted.sort(Comparator.comparing(Setting::name));
        this.settings = List.copyOf(sorted);
        List<Setting> listed = this.settings;
        register(new Procedure("dbms.listConfig", List.of(new Field("searchString", "STRING", "")), SETTING_OUTPUTS,
                Mode.DBMS, "List the currently active configuration settings of the server.", (ctx, args) -> {
                    Object search = args.get(0);
                    if (!(search instanceof String)) {
                        throw new CypherException(CypherErrorKind.TYPE_MISMATCH, "dbms.listConfig expects a String"
                                + " to search setting names for, but got " + (search == null ? "null"
                                : search.getClass().getSimpleName()));
                    }
                    String part = ((String) search).toLowerCase(Locale.ROOT);
                    List<Object[]> rows = new ArrayList<>();
                    for (Setting s : listed) {
                        if (s.name().toLowerCase(Locale.ROOT).contains(part)) {
                            rows.add(s.listConfigRow());
                        }
                    }
                    return rows;
                }));
        register(clientConfig(this.settings));
    }

    /** This server's settings ({@link #registerSettings}), sorted by name. */
    public List<Setting> settings() {
        return settings;
    }

    /**
     * {@code dbms.queryJmx(query)} ({@link JmxQuery}) over the JVM's beans and, as Neo4j's metrics
     * beans, the JVM's figures ({@link Metric#jvm}) and those {@code metrics} gives, asked for on
     * each call. Registering it replaces the one {@link #builtIn} has (the JVM's figures alone).
     */
    public static Procedure queryJmx(Supplier<List<Metric>> metrics) {
        return new Procedure("dbms.queryJmx", List.of(new Field("query", "STRING")), List.of(
                new Field("name", "STRING"), new Field("description", "STRING"), new Field("attributes", "MAP")),
                Mode.DBMS, "Query JMX management data by domain and name (for instance '*:*' for every bean).",
                (ctx, args) -> {
                    List<Metric> all = new ArrayList<>(Metric.jvm());
                    all.addAll(metrics.get());
                    return JmxQuery.run(args.get(0), all);
                });
    }

    /** Adds {@code procedure}, replacing one of the same name. */
    public void register(Procedure procedure) {
        byName.put(procedure.name(), procedure);
    }

    /** The procedure called {@code name}. */
    public Optional<Procedure> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The procedure called {@code name}, or {@code Neo.ClientError.Procedure.ProcedureNotFound}. */
    public Procedure require(String name) {
        Procedure p = byName.get(name);
        if (p == null) {
            throw new CypherException(CypherErrorKind.PROCEDURE_NOT_FOUND,
                    "There is no procedure with the name `" + name + "` registered for this database instance."
                            + " Please ensure you've spelled the procedure name correctly (SHOW PROCEDURES lists them).");
        }
        return p;
    }

    /** Every procedure, by name. */
    public List<Procedure> all() {
        List<Procedure> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(Procedure::name));
        return all;
    }

    private static List<Object[]> rows(Set<String> values) {
        List<Object[]> rows = new ArrayList<>(values.size());
        for (String v : values) {
            rows.add(new Object[] {v});
        }
        return rows;
    }

    private static Set<String> labels(ExecContext ctx) {
        Transaction tx = ctx.tx();
        Set<String> labels = new LinkedHashSet<>();
        for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
            ctx.tick();
            labels.addAll(tx.labels(it.nextLong()));
        }
        return labels;
    }

    private static Set<String> relationshipTypes(ExecContext ctx) {
        Transaction tx = ctx.tx();
        Set<String> types = new LinkedHashSet<>();
        for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
            ctx.tick();
            EdgeRef e = tx.edge(it.nextLong());
            if (e != null) {
                types.add(e.type());
            }
        }
        return types;
    }

    private static Set<String> propertyKeys(ExecContext ctx) {
        Transaction tx = ctx.tx();
        Set<String> keys = new LinkedHashSet<>();
        for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
            ctx.tick();
            keys.addAll(tx.vertexProperties(it.nextLong()).keySet());
        }
        for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
            ctx.tick();
            keys.addAll(tx.edgeProperties(it.nextLong()).keySet());
        }
        return keys;
    }
}
