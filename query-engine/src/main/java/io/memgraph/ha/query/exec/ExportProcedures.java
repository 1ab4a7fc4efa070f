package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.dump.DatabaseDump;
import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.value.NodeValue;
import io.memgraph.ha.query.value.PathValue;
import io.memgraph.ha.query.value.RelationshipValue;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.Transaction;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * APOC's export procedures {@code apoc.export.json.all/query/data}, {@code apoc.export.csv.all/query/data}
 * and {@code apoc.export.cypher.all/query}, and MAGE's {@code export_util.json}, {@code csv_query}
 * and {@code cypher_all}, under their names, arguments and columns. All are READ procedures: they
 * read the graph the transaction sees; a {@code .query} one runs its statement inside the caller's
 * transaction, as {@code apoc.cypher.run} does, and refuses one that writes. The result is
 * streamed in the {@code data} column (APOC: a null or empty file, or {@code {stream: true}};
 * MAGE: {@code stream}) or written to a file of the import directory when the server allows it
 * ({@link io.memgraph.ha.query.csv.CsvFiles#resolveForWriting}). The Cypher is the statements of
 * {@code DUMP DATABASE} ({@link DatabaseDump}).
 */
final class ExportProcedures {
    private ExportProcedures() {
    }

    private static final String STRING = "STRING";
    private static final String INTEGER = "INTEGER";
    private static final String MAP = "MAP";
    private static final Field CONFIG = new Field("config", MAP, Map.of());
    private static final List<Field> APOC_COLUMNS = List.of(new Field("file", STRING), new Field("source", STRING),
            new Field("format", STRING), new Field("nodes", INTEGER), new Field("relationships", INTEGER),
            new Field("properties", INTEGER), new Field("time", INTEGER), new Field("rows", INTEGER),
            new Field("batchSize", INTEGER), new Field("batches", INTEGER), new Field("done", "BOOLEAN"),
            new Field("data", STRING));
    private static final List<Field> CYPHER_COLUMNS = List.of(new Field("file", STRING),
            new Field("batches", INTEGER), new Field("source", STRING), new Field("format", STRING),
            new Field("nodes", INTEGER), new Field("relationships", INTEGER), new Field("properties", INTEGER),
            new Field("time", INTEGER), new Field("rows", INTEGER), new Field("batchSize", INTEGER),
            new Field("cypherStatements", STRING), new Field("nodeStatements", STRING),
            new Field("relationshipStatements", STRING), new Field("schemaStatements", STRING),
            new Field("cleanupStatements", STRING));

    private static final ExportRun.Columns APOC = p -> new Object[] {p.file(), p.source(), p.format(), p.nodes(),
        p.relationships(), p.properties(), p.time(), p.rows(), p.batchSize(), p.batches(), p.done(), p.data()};
    private static final ExportRun.Columns APOC_CYPHER = p -> new Object[] {p.file(), p.batches(), p.source(),
        p.format(), p.nodes(), p.relationships(), p.properties(), p.time(), p.rows(), p.batchSize(), p.data(),
        null, null, null, null};

    /** APOC's {@code apoc.export.*}. */
    static void registerApoc(Procedures p) {
        for (String format : List.of("json", "csv")) {
            String all = "apoc.export." + format + ".all";
            p.register(new Procedure(all, List.of(new Field("file", STRING), CONFIG), APOC_COLUMNS, Mode.READ,
                    "Exports the whole graph as " + format.toUpperCase() + ": into the data column (a null file, or"
                            + " {stream: true}) or a file of the import directory.",
                    (Procedures.StreamingBody) (ctx, a) -> apoc(ctx, all, format, "database", a.get(0), a.get(1),
                            false, () -> graph(ctx), null)));
            String data = "apoc.export." + format + ".data";
            p.register(new Procedure(data, List.of(new Field("nodes", "LIST<NODE>"),
                    new Field("rels", "LIST<RELATIONSHIP>"), new Field("file", STRING), CONFIG), APOC_COLUMNS,
                    Mode.READ, "Exports the given nodes and relationships as " + format.toUpperCase() + ".",
                    (Procedures.StreamingBody) (ctx, a) -> {
                        List<ExportItem> items = data(ctx, data, a.get(0), a.get(1));
                        return apoc(ctx, data, format, "data", a.get(2), a.get(3), false, items::iterator, null);
                    }));
            String query = "apoc.export." + format + ".query";
            p.register(new Procedure(query, List.of(new Field("statement", STRING), new Field("file", STRING),
                    CONFIG), APOC_COLUMNS, Mode.READ, "Exports the rows of a read-only statement (run in this"
                            + " transaction; config.params are its parameters) as " + format.toUpperCase() + ".",
                    (Procedures.StreamingBody) (ctx, a) -> {
                        ExportConfig config = ExportConfig.read(query, a.get(2), keys(format), true);
                        CypherStatements.Outcome outcome = CypherStatements.run(ctx, query, a.get(0),
                                config.params(), true, false, -1);
                        List<ExportItem> rows = new ArrayList<>(outcome.rows().size());
                        outcome.rows().forEach(r -> rows.add(new ExportItem.Row(r)));
                        return apoc(ctx, query, format, "statement", a.get(1), a.get(2), true, rows::iterator,
                                outcome.columns());
                    }));
        }
        p.register(new Procedure("apoc.export.cypher.all", List.of(new Field("file", STRING, ""), CONFIG),
                CYPHER_COLUMNS, Mode.READ, "Exports the whole graph and its schema as Cypher statements (those of"
                        + " DUMP DATABASE).", (Procedures.StreamingBody) (ctx, a) ->
                        apocCypher(ctx, "apoc.export.cypher.all", "database", a.get(0), a.get(1), null)));
        p.register(new Procedure("apoc.export.cypher.query", List.of(new Field("statement", STRING),
                new Field("file", STRING, ""), CONFIG), CYPHER_COLUMNS, Mode.READ, "Exports the nodes and"
                        + " relationships a read-only statement returns (and the schema on their labels and types)"
                        + " as Cypher statements.", (Procedures.StreamingBody) (ctx, a) -> {
                    String name = "apoc.export.cypher.query";
                    ExportConfig config = ExportConfig.read(name, a.get(2), ExportConfig.CYPHER, true);
                    CypherStatements.Outcome outcome = CypherStatements.run(ctx, name, a.get(0), config.params(),
                            true, false, -1);
                    return apocCypher(ctx, name, "statement", a.get(1), a.get(2), part(ctx, outcome.rows()));
                }));
    }

    /** MAGE's {@code export_util.json}, {@code csv_query} and {@code cypher_all}. */
    static void registerMage(Procedures p) {
        List<Field> pathData = List.of(new Field("path", STRING), new Field("data", STRING));
        ExportRun.Columns columns = r -> new Object[] {r.file(), r.data() == null ? "" : r.data()};
        p.register(new Procedure("export_util.json", List.of(new Field("path", STRING, ""), CONFIG), pathData,
                Mode.READ, "Exports the whole graph as one JSON array of nodes and relationships: into a file of"
                        + " the import directory, and into data when config.stream is true.", (ctx, a) -> {
                    String name = "export_util.json";
                    ExportConfig config = ExportConfig.read(name, a.get(1), Set.of("stream", "write_properties"),
                            false);
                    ExportRun run = new ExportRun(ctx, name, path(name, a.get(0)), "database",
                            ExportJson.mage(ctx, config), Long.MAX_VALUE, columns);
                    return mage(run, path(name, a.get(0)), config.stream(), graph(ctx));
                }));
        p.register(new Procedure("export_util.cypher_all", List.of(new Field("path", STRING, ""), CONFIG), pathData,
                Mode.READ, "Exports the whole graph and its schema as Cypher statements (those of DUMP DATABASE):"
                        + " into a file of the import directory, and into data when config.stream is true.",
                (ctx, a) -> {
                    String name = "export_util.cypher_all";
                    ExportConfig config = ExportConfig.read(name, a.get(1), ExportConfig.MAGE, false);
                    if (!config.nodeProperties()) {
                        throw ApocArguments.failed(name, "config write_properties must be true here (the dump"
                                + " writes every property)");
                    }
                    ExportRun run = new ExportRun(ctx, name, path(name, a.get(0)), "database", ExportFormat.CYPHER,
                            Long.MAX_VALUE, columns);
                    return mage(run, path(name, a.get(0)), config.stream(), cypher(ctx, run, name,
                            config.schema() ? null : wholeGraphWithoutSchema(ctx)));
                }));
        p.register(new Procedure("export_util.csv_query", List.of(new Field("query", STRING),
                new Field("file_path", STRING, ""), new Field("stream", "BOOLEAN", false)),
                List.of(new Field("file_path", STRING), new Field("data", STRING)), Mode.READ,
                "Exports the rows of a read-only query as CSV: into a file of the import directory, and into data"
                        + " when stream is true.", (ctx, a) -> {
                    String name = "export_util.csv_query";
                    String file = path(name, a.get(1));
                    boolean stream = Boolean.TRUE.equals(a.get(2));
                    if (file.isEmpty() && !stream) {
                        throw ApocArguments.failed(name, "give a file_path, or stream: true (or both)");
                    }
                    CypherStatements.Outcome outcome = CypherStatements.run(ctx, name, a.get(0), Map.of(), true,
                            false, -1);
                    if (outcome.rows().isEmpty()) {
                        throw ApocArguments.failed(name, "the query returned no rows (MAGE exports none)");
                    }
                    List<ExportItem> rows = new ArrayList<>();
                    outcome.rows().forEach(r -> rows.add(new ExportItem.Row(r)));
                    ExportConfig csv = ExportConfig.read(name, Map.of("quotes", "ifNeeded"), ExportConfig.CSV,
                            false);
                    ExportRun run = new ExportRun(ctx, name, file, "statement",
                            ExportCsv.rows(ctx, csv, outcome.columns()), Long.MAX_VALUE, columns);
                    return mage(run, file, stream, rows.iterator());
                }));
    }

    private static String path(String procedure, Object path) {
        return path == null ? "" : ApocArguments.string(procedure, "path", path);
    }

    private static Set<String> keys(String format) {
        return format.equals("json") ? ExportConfig.JSON : ExportConfig.CSV;
    }

    /**
     * An APOC JSON or CSV export of {@code items}: streamed, or into the file. A CSV export has the
     * statement's {@code columns}, or (null) those of the items' properties, read in a first pass.
     */
    private static Iterator<Object[]> apoc(ExecContext ctx, String procedure, String format, String kind, Object file,
                                           Object configMap, boolean query, Supplier<Iterator<ExportItem>> items,
                                           List<String> columns) {
        ExportConfig config = ExportConfig.read(procedure, configMap, keys(format), query);
        if (query && format.equals("json") && config.jsonFormat().equals("JSON")) {
            throw ApocArguments.failed(procedure, "config jsonFormat JSON needs nodes and relationships; use"
                    + " JSON_LINES or ARRAY_JSON for the rows of a statement");
        }
        String name = file == null ? null : ApocArguments.string(procedure, "file", file);
        ExportFormat f = format.equals("json") ? ExportJson.apoc(ctx, config)
                : columns != null ? ExportCsv.rows(ctx, config, columns) : csvOfGraph(ctx, config, items);
        ExportRun run = new ExportRun(ctx, procedure, name, kind, f, config.batchSize(), APOC);
        return ExportRun.streams(file, config) ? run.stream(items.get())
                : run.toFile(name, items.get(), false).iterator();
    }

    /** An APOC Cypher export of {@code part} (null: the whole graph and schema). */
    private static Iterator<Object[]> apocCypher(ExecContext ctx, String procedure, String kind, Object file,
                                                 Object configMap, DatabaseDump.Part part) {
        ExportConfig config = ExportConfig.read(procedure, configMap, ExportConfig.CYPHER,
                procedure.endsWith(".query"));
        String name = file == null ? null : ApocArguments.string(procedure, "file", file);
        ExportRun run = new ExportRun(ctx, procedure, name, kind, ExportFormat.CYPHER, config.batchSize(),
                APOC_CYPHER);
        Iterator<ExportItem> statements = cypher(ctx, run, procedure, part);
        return ExportRun.streams(file, config) ? run.stream(statements)
                : run.toFile(name, statements, false).iterator();
    }

    /** MAGE's one row: the file written when a path is given, the data kept when {@code stream}. */
    private static List<Object[]> mage(ExportRun run, String path, boolean stream, Iterator<ExportItem> items) {
        if (!path.isEmpty()) {
            return run.toFile(path, items, stream);
        }
        if (!stream) {
            List<Object[]> rows = new ArrayList<>(1);
            rows.add(new Object[] {"", ""});
            return rows;
        }
        List<Object[]> rows = new ArrayList<>(1);
        rows.add(run.stream(items).next());
        return rows;
    }

    /** The statements of a dump of {@code part} (null: everything), counting what they hold into {@code run}. */
    private static Iterator<ExportItem> cypher(ExecContext ctx, ExportRun run, String procedure,
                                               DatabaseDump.Part part) {
        Transaction tx = ctx.tx();
        if (part == null) {
            long nodes = 0;
            long rels = 0;
            long props = 0;
            for (PrimitiveIterator.OfLong it = tx.vertices(); it.hasNext(); ) {
                ctx.tick();
                nodes++;
                props += tx.vertexProperties(it.nextLong()).size();
            }
            for (PrimitiveIterator.OfLong it = tx.edgeIds(); it.hasNext(); ) {
                ctx.tick();
                rels++;
                props += tx.edgeProperties(it.nextLong()).size();
            }
            run.counted(nodes, rels, props);
        } else {
            long props = 0;
            for (long id : part.nodes()) {
                props += tx.vertexProperties(id).size();
            }
            for (long id : part.relationships()) {
                props += tx.edgeProperties(id).size();
            }
            run.counted(part.nodes().length, part.relationships().length, props);
        }
        Iterator<String> dump = DatabaseDump.statements(ctx, procedure, part);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return dump.hasNext();
            }

            @Override
            public ExportItem next() {
                return new ExportItem.Statement(dump.next());
            }
        };
    }

    /** The whole graph, without the schema (MAGE's write_indexes and write_constraints false). */
    private static DatabaseDump.Part wholeGraphWithoutSchema(ExecContext ctx) {
        List<Long> nodes = new ArrayList<>();
        List<Long> rels = new ArrayList<>();
        ctx.tx().vertices().forEachRemaining((long id) -> {
            ctx.tick();
            ctx.memory().reserve(Long.BYTES);
            nodes.add(id);
        });
        ctx.tx().edgeIds().forEachRemaining((long id) -> {
            ctx.tick();
            ctx.memory().reserve(Long.BYTES);
            rels.add(id);
        });
        return new DatabaseDump.Part(nodes.stream().mapToLong(Long::longValue).toArray(),
                rels.stream().mapToLong(Long::longValue).toArray(), false);
    }

    /**
     * The nodes and relationships in a statement's rows (in paths and lists too): the relationships,
     * and the nodes with the ends of the relationships, each once, by id.
     */
    private static DatabaseDump.Part part(ExecContext ctx, List<Map<String, Object>> rows) {
        TreeSet<Long> nodes = new TreeSet<>();
        TreeSet<Long> rels = new TreeSet<>();
        for (Map<String, Object> row : rows) {
            row.values().forEach(v -> collect(ctx, v, nodes, rels));
        }
        return new DatabaseDump.Part(nodes.stream().mapToLong(Long::longValue).toArray(),
                rels.stream().mapToLong(Long::longValue).toArray(), true);
    }

    private static void collect(ExecContext ctx, Object v, Set<Long> nodes, Set<Long> rels) {
        if (v instanceof NodeValue n) {
            nodes.add(n.id());
        } else if (v instanceof RelationshipValue r) {
            EdgeRef e = ctx.tx().edge(r.id());
            if (e != null && rels.add(e.id())) {
                nodes.add(e.from());
                nodes.add(e.to());
            }
        } else if (v instanceof PathValue p) {
            p.nodes().forEach(x -> collect(ctx, x, nodes, rels));
            p.relationships().forEach(x -> collect(ctx, x, nodes, rels));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(ctx, x, nodes, rels));
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(ctx, x, nodes, rels));
        }
    }

    /** The items of {@code apoc.export.*.data}: the given nodes, then the given relationships. */
    private static List<ExportItem> data(ExecContext ctx, String procedure, Object nodes, Object rels) {
        List<ExportItem> items = new ArrayList<>();
        for (NodeValue n : ApocArguments.nodes(ctx, procedure, "nodes", nodes)) {
            items.add(new ExportItem.Node(n.id()));
        }
        for (GraphRelationship r : ApocArguments.relationships(ctx, procedure, "rels", rels)) {
            items.add(new ExportItem.Relationship(ctx.tx().edge(r.id())));
        }
        return items;
    }

    /** Every node, then every relationship, of the graph the transaction sees, read as they are asked for. */
    private static Iterator<ExportItem> graph(ExecContext ctx) {
        Transaction tx = ctx.tx();
        PrimitiveIterator.OfLong nodes = tx.vertices();
        PrimitiveIterator.OfLong rels = tx.edgeIds();
        return new Iterator<>() {
            private EdgeRef nextEdge;

            @Override
            public boolean hasNext() {
                if (nodes.hasNext()) {
                    return true;
                }
                while (nextEdge == null && rels.hasNext()) {
                    nextEdge = tx.edge(rels.nextLong());
                }
                return nextEdge != null;
            }

            @Override
            public ExportItem next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (nodes.hasNext()) {
                    return new ExportItem.Node(nodes.nextLong());
                }
                EdgeRef e = nextEdge;
                nextEdge = null;
                return new ExportItem.Relationship(e);
            }
        };
    }

    /** The CSV of {@code items}, with the sorted property names of their nodes and relationships as columns. */
    private static ExportCsv csvOfGraph(ExecContext ctx, ExportConfig config, Supplier<Iterator<ExportItem>> items) {
        TreeSet<String> nodeKeys = new TreeSet<>();
        TreeSet<String> relKeys = new TreeSet<>();
        for (Iterator<ExportItem> it = items.get(); it.hasNext(); ) {
            ctx.tick();
            ExportItem item = it.next();
            if (item instanceof ExportItem.Node n) {
                nodeKeys.addAll(ctx.tx().vertexProperties(n.id()).keySet());
            } else if (item instanceof ExportItem.Relationship r) {
                relKeys.addAll(ctx.tx().edgeProperties(r.edge().id()).keySet());
            }
        }
        return ExportCsv.graph(ctx, config, new ArrayList<>(nodeKeys), new ArrayList<>(relKeys));
    }
}
