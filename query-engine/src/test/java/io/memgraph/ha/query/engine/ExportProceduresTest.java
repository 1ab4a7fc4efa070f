package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.csv.CsvFiles;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.eval.JsonStream;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * APOC's {@code apoc.export.json/csv/cypher.*} and MAGE's {@code export_util.*}: what they stream
 * read back and compared with the graph (JSON parsed, CSV loaded with LOAD CSV, Cypher replayed into
 * a fresh storage), files written only into the import directory and only when enabled, and the
 * refusals of unknown config, writing statements and paths that lead out.
 */
class ExportProceduresTest {
    private static final String FLAG = "--apoc-export-file-enabled";

    @TempDir
    Path root;
    Path imports;
    Db db;

    @BeforeEach
    void setUp() throws IOException {
        imports = Files.createDirectories(root.resolve("import"));
        db = new Db(CsvFiles.under(imports, "--load-csv-directory", true, FLAG));
        db.run("CREATE (a:Person:Admin {name: 'Ann', age: 41, tags: ['x', 'y']}),"
                + " (b:Person {name: 'Bob \"B\", jr', born: date('1990-01-02')}), (c:City {name: 'Oslo'}),"
                + " (a)-[:KNOWS {since: 2001}]->(b), (b)-[:LIVES_IN]->(c)");
    }

    // ---------------------------------------------------------------- helpers

    /** Every JSON value of {@code text}, one after another (JSON lines, or one value). */
    private static List<Object> json(String text) {
        List<Object> out = new ArrayList<>();
        try (JsonStream in = new JsonStream(new StringReader(text), "test", "data", () -> { }, bytes -> { })) {
            for (Object v = in.next(false); v != JsonStream.END; v = in.next(false)) {
                out.add(v);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** The graph as APOC's export objects would give it: id to (labels sorted, properties). */
    private Map<String, List<Object>> nodes(Db d) {
        Map<String, List<Object>> out = new HashMap<>();
        for (Map<String, Object> r : d.run("MATCH (n) RETURN toString(id(n)) AS id, labels(n) AS l,"
                + " properties(n) AS p")) {
            out.put((String) r.get("id"), List.of(new TreeSet<>((List<?>) r.get("l")), r.get("p")));
        }
        return out;
    }

    /** The graph's relationships: (start id, type, end id, properties), as text ids. */
    private Set<List<Object>> relationships(Db d) {
        return d.run("MATCH (a)-[r]->(b) RETURN toString(id(a)) AS s, type(r) AS t, toString(id(b)) AS e,"
                + " properties(r) AS p").stream().map(r -> List.of(r.get("s"), r.get("t"), r.get("e"), r.get("p")))
                .collect(Collectors.toSet());
    }

    /**
     * The graph without ids, comparable across databases: each node's labels and properties, each
     * relationship's ends (labels and properties), type and properties. Dates become text.
     */
    private static Set<List<Object>> shape(Db d) {
        Set<List<Object>> out = new java.util.HashSet<>();
        for (Map<String, Object> r : d.run("MATCH (n) RETURN apoc.convert.toJson([labels(n), properties(n)]) AS x")) {
            out.add(List.of("node", r.get("x")));
        }
        for (Map<String, Object> r : d.run("MATCH (a)-[r]->(b) RETURN apoc.convert.toJson([labels(a), properties(a),"
                + " type(r), properties(r), labels(b), properties(b)]) AS x")) {
            out.add(List.of("rel", r.get("x")));
        }
        return out;
    }

    private Map<String, Object> one(String query, Object... params) {
        List<Map<String, Object>> rows = db.run(query, params);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return (Map<String, Object>) v;
    }

    private static String code(Throwable e) {
        return ((CypherException) e).statusCode();
    }

    private List<String> importFiles() throws IOException {
        try (Stream<Path> s = Files.list(imports)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonAllStreamsJsonLinesThatGiveBackTheGraph() {
        Map<String, Object> r = one("CALL apoc.export.json.all(null, {stream: true}) YIELD file, source, format,"
                + " nodes, relationships, properties, rows, batchSize, batches, done, data RETURN *");
        assertThat(r).containsEntry("file", null).containsEntry("source", "database: nodes(3), rels(2)")
                .containsEntry("format", "json").containsEntry("nodes", 3L).containsEntry("relationships", 2L)
                .containsEntry("properties", 7L).containsEntry("rows", 5L).containsEntry("batchSize", 20_000L)
                .containsEntry("batches", 1L).containsEntry("done", true);
        String data = (String) r.get("data");
        assertThat(data.lines()).hasSize(5);
        Map<String, List<Object>> nodes = new HashMap<>();
        Set<List<Object>> rels = new java.util.HashSet<>();
        for (Object v : json(data)) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.get("type").equals("node")) {
                assertThat((List<?>) m.get("labels")).isSorted();
                nodes.put((String) m.get("id"), List.of(new TreeSet<>((List<?>) m.get("labels")),
                        m.get("properties") == null ? Map.of() : m.get("properties")));
            } else {
                assertThat(m.get("type")).isEqualTo("relationship");
                Map<?, ?> start = (Map<?, ?>) m.get("start");
                Map<?, ?> end = (Map<?, ?>) m.get("end");
                assertThat(map(start)).containsKeys("id", "labels");
                rels.add(List.of(start.get("id"), m.get("label"), end.get("id"),
                        m.get("properties") == null ? Map.of() : m.get("properties")));
            }
        }
        Map<String, List<Object>> expected = nodes(db);
        // the date reads back as its ISO text
        expected.replaceAll((id, n) -> List.of(n.get(0), ((Map<?, ?>) n.get(1)).entrySet().stream().collect(
                Collectors.toMap(e -> (String) e.getKey(), e -> e.getValue() instanceof java.time.LocalDate d
                        ? d.toString() : e.getValue()))));
        assertThat(nodes).isEqualTo(expected);
        assertThat(rels).isEqualTo(relationships(db));
    }

    @Test
    void aNullFileStreamsAndBatchSizeCutsTheDataIntoRows() {
        String whole = (String) db.single("CALL apoc.export.json.all(null) YIELD data RETURN data");
        List<Map<String, Object>> rows = db.run("CALL apoc.export.json.all('', {batchSize: 2}) YIELD batches,"
                + " done, rows, data RETURN batches, done, rows, data");
        assertThat(rows).extracting(r -> r.get("done")).containsExactly(false, false, true);
        assertThat(rows).extracting(r -> r.get("batches")).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(r -> r.get("rows")).containsExactly(2L, 4L, 5L);
        assertThat(rows.stream().map(r -> (String) r.get("data")).collect(Collectors.joining())).isEqualTo(whole);
    }

    @Test
    void jsonFormatsArrayAndNodesAndRels() {
        List<Object> array = json((String) db.single("CALL apoc.export.json.all(null, {jsonFormat: 'ARRAY_JSON'})"
                + " YIELD data RETURN data"));
        assertThat(array).hasSize(1);
        assertThat((List<?>) array.get(0)).hasSize(5);
        Map<?, ?> both = (Map<?, ?>) json((String) db.single("CALL apoc.export.json.all(null, {jsonFormat: 'JSON',"
                + " writeNodeProperties: false}) YIELD data RETURN data")).get(0);
        assertThat((List<?>) both.get("nodes")).hasSize(3).allSatisfy(n -> assertThat(map(n))
                .doesNotContainKey("properties"));
        assertThat((List<?>) both.get("rels")).hasSize(2);
    }

    @Test
    void jsonQueryWritesEachRowAsAnObjectOfItsColumns() {
        Map<String, Object> r = one("CALL apoc.export.json.query('MATCH (p:Person) WHERE p.age > $min RETURN"
                + " p.name AS name, p', null, {params: {min: 40}}) YIELD nodes, rows, source, data RETURN *");
        assertThat(r).containsEntry("nodes", 1L).containsEntry("rows", 1L)
                .containsEntry("source", "statement: nodes(1), rels(0)");
        Map<?, ?> row = (Map<?, ?>) json((String) r.get("data")).get(0);
        assertThat(row.get("name")).isEqualTo("Ann");
        assertThat(map(row.get("p"))).containsEntry("type", "node")
                .containsEntry("labels", List.of("Admin", "Person"));
    }

    @Test
    void aQueryThatWritesIsRefusedAndWritesNothing() {
        assertThatThrownBy(() -> db.run("CALL apoc.export.json.query('CREATE (n:X) RETURN n', null) YIELD data"
                + " RETURN data")).hasMessageContaining("Write operations are not allowed");
        assertThatThrownBy(() -> db.run("CALL apoc.export.csv.query('MATCH (n) DETACH DELETE n', null, {})"
                + " YIELD data RETURN data")).hasMessageContaining("Write operations are not allowed");
        assertThat(db.single("MATCH (n) RETURN count(n)")).isEqualTo(3L);
    }

    @Test
    void jsonDataExportsTheGivenNodesAndRelationships() {
        List<Object> items = json((String) db.single("MATCH (a {name: 'Ann'})-[r]->(b) CALL apoc.export.json.data("
                + "[a, b], [r], null, {}) YIELD data RETURN data"));
        assertThat(items).extracting(v -> map(v).get("type")).containsExactly((Object)"node", "node",
                "relationship");
    }

    @Test
    void theProceduresAreReadOnlyAndListed() {
        assertThat(db.typeOf("CALL apoc.export.json.all(null, {stream: true}) YIELD data RETURN data"))
                .isEqualTo(QueryType.READ_ONLY);
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.export.'"
                + " OR name STARTS WITH 'export_util.' RETURN name, mode ORDER BY name")).containsExactly(
                row("apoc.export.csv.all", "READ"), row("apoc.export.csv.data", "READ"),
                row("apoc.export.csv.query", "READ"), row("apoc.export.cypher.all", "READ"),
                row("apoc.export.cypher.query", "READ"), row("apoc.export.json.all", "READ"),
                row("apoc.export.json.data", "READ"), row("apoc.export.json.query", "READ"),
                row("export_util.csv_query", "READ"), row("export_util.cypher_all", "READ"),
                row("export_util.json", "READ"));
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void csvAllHasApocsColumnsAndLoadsBackWithLoadCsv() throws IOException {
        String data = (String) db.single("CALL apoc.export.csv.all(null, {}) YIELD data RETURN data");
        assertThat(data.lines().findFirst()).contains("\"_id\",\"_labels\",\"age\",\"born\",\"name\",\"tags\","
                + "\"_start\",\"_end\",\"_type\",\"since\"");
        Files.writeString(imports.resolve("back.csv"), data, StandardCharsets.UTF_8);
        List<Map<String, Object>> rows = db.run("LOAD CSV WITH HEADERS FROM 'file:///back.csv' AS row RETURN row");
        assertThat(rows).hasSize(5);
        Map<String, List<Object>> nodes = new HashMap<>();
        Set<List<Object>> rels = new java.util.HashSet<>();
        for (Map<String, Object> r : rows) {
            Map<?, ?> row = (Map<?, ?>) r.get("row");
            if (row.get("_id") != null) {
                Map<String, Object> props = new HashMap<>();
                for (String k : List.of("age", "born", "name", "tags")) {
                    if (row.get(k) != null) {
                        props.put(k, row.get(k));
                    }
                }
                TreeSet<String> labels = new TreeSet<>(List.of(((String) row.get("_labels")).substring(1)
                        .split(":")));
                nodes.put((String) row.get("_id"), List.of(labels, props));
            } else {
                rels.add(List.of(row.get("_start"), row.get("_type"), row.get("_end"),
                        row.get("since") == null ? Map.of() : Map.of("since", Long.parseLong((String) row.get("since")))));
            }
        }
        Map<String, List<Object>> expected = new HashMap<>();
        nodes(db).forEach((id, n) -> {
            Map<String, Object> text = new HashMap<>();
            ((Map<?, ?>) n.get(1)).forEach((k, v) -> text.put((String) k, v instanceof List<?> l
                    ? l.stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(",", "[", "]"))
                    : String.valueOf(v)));
            expected.put(id, List.of(n.get(0), text));
        });
        assertThat(nodes).isEqualTo(expected);
        assertThat(rels).isEqualTo(relationships(db));
    }

    @Test
    void csvQuotesAndDelimiter() {
        String none = (String) db.single("CALL apoc.export.csv.query('MATCH (p:Person) RETURN p.name AS name,"
                + " p.age AS age ORDER BY name', null, {quotes: 'none', delim: ';'}) YIELD data RETURN data");
        assertThat(none).isEqualTo("name;age\nAnn;41\nBob \"B\", jr;\n");
        String ifNeeded = (String) db.single("CALL apoc.export.csv.query('MATCH (p:Person) RETURN p.name AS name,"
                + " p.age AS age ORDER BY name', null, {quotes: 'ifNeeded'}) YIELD data RETURN data");
        assertThat(ifNeeded).isEqualTo("name,age\nAnn,41\n\"Bob \"\"B\"\", jr\",\n");
        String always = (String) db.single("CALL apoc.export.csv.query('RETURN 1 AS one, null AS none, \"\" AS"
                + " empty', null) YIELD data RETURN data");
        assertThat(always).isEqualTo("\"one\",\"none\",\"empty\"\n\"1\",,\"\"\n");
    }

    // ---------------------------------------------------------------- Cypher

    @Test
    void cypherAllReplaysIntoAFreshStorageAsTheSameGraph() {
        db.run("CREATE INDEX ON :Person(name)");
        Map<String, Object> r = one("CALL apoc.export.cypher.all(null, {format: 'plain'}) YIELD nodes,"
                + " relationships, format, cypherStatements RETURN *");
        assertThat(r).containsEntry("nodes", 3L).containsEntry("relationships", 2L).containsEntry("format", "cypher");
        Db copy = new Db();
        ((String) r.get("cypherStatements")).lines().forEach(copy::run);
        assertThat(shape(copy)).isEqualTo(shape(db));
        assertThat(copy.run("SHOW INDEX INFO")).isEqualTo(db.run("SHOW INDEX INFO")).hasSize(1);
    }

    @Test
    void cypherQueryExportsWhatTheStatementReturnsWithTheEndsOfItsRelationships() {
        String statements = (String) db.single("CALL apoc.export.cypher.query('MATCH ()-[r:KNOWS]->() RETURN r')"
                + " YIELD cypherStatements RETURN cypherStatements");
        Db copy = new Db();
        statements.lines().forEach(copy::run);
        Db expected = new Db();
        expected.run("CREATE (:Person:Admin {name: 'Ann', age: 41, tags: ['x', 'y']})-[:KNOWS {since: 2001}]->"
                + "(:Person {name: 'Bob \"B\", jr', born: date('1990-01-02')})");
        assertThat(shape(copy)).isEqualTo(shape(expected));
    }

    // ---------------------------------------------------------------- files

    @Test
    void aFileIsWrittenIntoTheImportDirectoryWhenEnabled() throws IOException {
        String streamed = (String) db.single("CALL apoc.export.json.all(null) YIELD data RETURN data");
        Map<String, Object> r = one("CALL apoc.export.json.all('all.json', {}) YIELD file, data, nodes RETURN *");
        assertThat(r).containsEntry("file", "all.json").containsEntry("data", null).containsEntry("nodes", 3L);
        assertThat(Files.readString(imports.resolve("all.json"))).isEqualTo(streamed);
        db.run("CALL apoc.export.csv.all('file:///all.csv', {}) YIELD file RETURN file");
        db.run("CALL apoc.export.cypher.all($f) YIELD file RETURN file", "f",
                imports.resolve("all.cypher").toString());
        assertThat(importFiles()).containsExactly("all.csv", "all.cypher", "all.json");
        db.run("CALL apoc.export.csv.all('all.csv', {quotes: 'none'}) YIELD file RETURN file");
        assertThat(Files.readString(imports.resolve("all.csv"))).startsWith("_id,_labels,");
    }

    @Test
    void withTheFlagOffNoFileIsWrittenAndTheErrorNamesTheFlag() throws IOException {
        Db off = new Db(CsvFiles.under(imports, "--load-csv-directory", false, FLAG));
        off.run("CREATE (:N)");
        for (String q : List.of("CALL apoc.export.json.all('x.json', {}) YIELD file RETURN file",
                "CALL apoc.export.csv.query('RETURN 1 AS x', 'x.csv', {}) YIELD file RETURN file",
                "CALL apoc.export.cypher.all('x.cypher') YIELD file RETURN file",
                "CALL export_util.json('x.json') YIELD path RETURN path")) {
            assertThatThrownBy(() -> off.run(q)).as(q).hasMessageContaining(FLAG + " is false")
                    .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.ExternalResourceFailed"));
        }
        assertThat(importFiles()).isEmpty();
        // streaming needs no flag
        assertThat(off.single("CALL apoc.export.json.all(null) YIELD nodes RETURN nodes")).isEqualTo(1L);
    }

    @Test
    void aPathOutsideTheImportDirectoryOrAUrlIsRefused() throws IOException {
        Path outside = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(imports.resolve("link"), outside);
        for (String f : List.of("../x.json", outside.resolve("x.json").toString(), "file:///../x.json",
                "link/x.json")) {
            assertThatThrownBy(() -> db.run("CALL apoc.export.json.all($f, {}) YIELD file RETURN file", "f", f))
                    .as(f).hasMessageContaining("apoc.export.json.all writes only files under " + imports)
                    .hasMessageContaining("is outside it");
        }
        assertThatThrownBy(() -> db.run("CALL apoc.export.csv.all('https://example.com/x.csv', {}) YIELD file"
                + " RETURN file")).hasMessageContaining("is a https URL, and the server fetches nothing");
        assertThatThrownBy(() -> db.run("CALL apoc.export.csv.all('nodir/x.csv', {}) YIELD file RETURN file"))
                .hasMessageContaining("does not exist");
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).isEmpty();
        }
        assertThat(importFiles()).containsExactly("link");
    }

    @Test
    void aFailedExportLeavesNoFile() throws IOException {
        Files.writeString(imports.resolve("old.cypher"), "kept");
        Transaction tx = db.storage.begin();
        long id = tx.createVertex();
        tx.setVertexProperty(id, "bytes", new byte[] {1, 2});
        assertThat(db.storage.commit(tx).committed()).isTrue();
        tx.close();
        assertThatThrownBy(() -> db.run("CALL apoc.export.cypher.all('old.cypher') YIELD file RETURN file"))
                .hasMessageContaining("apoc.export.cypher.all cannot write property `bytes`");
        assertThat(importFiles()).containsExactly("old.cypher");
        assertThat(Files.readString(imports.resolve("old.cypher"))).isEqualTo("kept");
    }

    // ---------------------------------------------------------------- config and limits

    @Test
    void anUnknownOrUnsupportedConfigIsRefusedNamingIt() {
        assertThatThrownBy(() -> db.run("CALL apoc.export.json.all(null, {strem: true}) YIELD data RETURN data"))
                .hasMessageContaining("config key 'strem' is not supported here (supported: batchSize, charset,"
                        + " compression, jsonFormat, stream, writeNodeProperties, writeRelationshipProperties)");
        assertThatThrownBy(() -> db.run("CALL apoc.export.json.all(null, {jsonFormat: 'JSON_ID_AS_KEYS'}) YIELD"
                + " data RETURN data")).hasMessageContaining("config jsonFormat must be one of JSON_LINES,"
                + " ARRAY_JSON, JSON (others are not supported here), not 'JSON_ID_AS_KEYS'");
        assertThatThrownBy(() -> db.run("CALL apoc.export.csv.all(null, {delim: ';;'}) YIELD data RETURN data"))
                .hasMessageContaining("config delim must be one character");
        assertThatThrownBy(() -> db.run("CALL apoc.export.cypher.all(null, {format: 'neo4j-shell'}) YIELD file"
                + " RETURN file")).hasMessageContaining("config format must be one of cypher-shell, plain");
        assertThatThrownBy(() -> db.run("CALL apoc.export.csv.all(null, {batchSize: 0}) YIELD data RETURN data"))
                .hasMessageContaining("config batchSize must be a positive integer");
    }

    @Test
    void streamedDataCountsAgainstTheMemoryLimit() {
        db.run("UNWIND range(1, 5000) AS i CREATE (:Big {text: 'a fairly long text to make the export grow ' + i})");
        Transaction tx = db.storage.begin();
        try (Execution ex = db.engine.execute(tx, "CALL apoc.export.json.all(null) YIELD data RETURN size(data)",
                Map.of(), new QueryControl(null, 200_000))) {
            assertThatThrownBy(() -> ex.pull(-1, r -> { }))
                    .satisfies(e -> assertThat(code(e)).contains("Memory"));
        } finally {
            tx.close();
        }
        // in batches, only a batch at a time is held
        Transaction tx2 = db.storage.begin();
        try (Execution ex = db.engine.execute(tx2, "CALL apoc.export.json.all(null, {batchSize: 100}) YIELD data"
                + " RETURN size(data)", Map.of(), new QueryControl(null, 200_000))) {
            List<Object[]> rows = new ArrayList<>();
            ex.pull(-1, rows::add);
            assertThat(rows).hasSize(51);
        } finally {
            tx2.close();
        }
    }

    // ---------------------------------------------------------------- MAGE

    @Test
    void exportUtilJsonIsOneArrayWithNumericIds() throws IOException {
        Map<String, Object> r = one("CALL export_util.json('', {stream: true}) YIELD path, data RETURN *");
        assertThat(r).containsEntry("path", "");
        List<?> items = (List<?>) json((String) r.get("data")).get(0);
        assertThat(items).hasSize(5);
        Map<?, ?> rel = (Map<?, ?>) items.get(4);
        assertThat(map(rel).keySet()).containsExactly("end", "id", "label", "properties", "start", "type");
        assertThat(rel.get("start")).isInstanceOf(Long.class);
        assertThat(one("CALL export_util.json('g.json') YIELD path, data RETURN *")).containsEntry("path", "g.json")
                .containsEntry("data", "");
        assertThat(json(Files.readString(imports.resolve("g.json")))).isEqualTo(json((String) r.get("data")));
    }

    @Test
    void exportUtilCsvQueryAndCypherAll() {
        assertThat(one("CALL export_util.csv_query('MATCH (c:City) RETURN c.name AS city', '', true) YIELD"
                + " file_path, data RETURN *")).containsEntry("file_path", "").containsEntry("data", "city\nOslo\n");
        assertThatThrownBy(() -> db.run("CALL export_util.csv_query('MATCH (c:City) RETURN c') YIELD data RETURN"
                + " data")).hasMessageContaining("give a file_path, or stream: true");
        assertThatThrownBy(() -> db.run("CALL export_util.csv_query('MATCH (c:Nothing) RETURN c', '', true) YIELD"
                + " data RETURN data")).hasMessageContaining("the query returned no rows");
        String cypher = (String) db.single("CALL export_util.cypher_all('', {stream: true}) YIELD data RETURN data");
        Db copy = new Db();
        cypher.lines().forEach(copy::run);
        assertThat(shape(copy)).isEqualTo(shape(db));
    }
}
