package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryType;
import io.memgraph.ha.query.csv.CsvFiles;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code LOAD CSV} in both syntaxes against real files in a temporary import directory: what
 * each product's rules make of a field, a header and a malformed row; {@code linenumber()} and
 * {@code file()}; batches of CALL IN TRANSACTIONS; reading lazily and closing the file whatever way
 * the query ends; which paths may be read.
 */
class LoadCsvTest {
    private static final String EXTERNAL = "Neo.ClientError.Statement.ExternalResourceFailed";

    @TempDir
    Path root;
    Path imports;
    Db db;

    @BeforeEach
    void setUp() throws IOException {
        imports = Files.createDirectories(root.resolve("import"));
        db = new Db(CsvFiles.under(imports, "--load-csv-directory"));
    }

    private Path write(String name, String content) throws IOException {
        Path p = imports.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String code(Throwable e) {
        return ((CypherException) e).statusCode();
    }

    // ------------------------------------------------------------------ Neo4j's syntax

    @Test
    void neo4jRowsWithoutHeadersAreListsAndFileUrlsResolveInTheImportDirectory() throws IOException {
        write("artists.csv", "1,ABBA,1992\n2,Roxette,1986\n");
        assertThat(db.values("LOAD CSV FROM 'file:///artists.csv' AS row RETURN row"))
                .containsExactly(row(List.of("1", "ABBA", "1992")), row(List.of("2", "Roxette", "1986")));
        assertThat(db.values("LOAD CSV FROM 'artists.csv' AS row RETURN row[1] AS name"))
                .containsExactly(row("ABBA"), row("Roxette"));
        assertThat(db.values("LOAD CSV FROM $f AS row RETURN count(*)", "f", "file:///artists.csv"))
                .containsExactly(row(2L));
    }

    @Test
    void neo4jEmptyUnquotedFieldsAreNullAndQuotedEmptyFieldsAreEmptyStrings() throws IOException {
        write("e.csv", "a,,\"\",d\n");
        assertThat(db.single("LOAD CSV FROM 'e.csv' AS row RETURN row"))
                .isEqualTo(Arrays.asList("a", null, "", "d"));
        write("h.csv", "id,name,city\n1,,\"\"\n");
        assertThat(db.single("LOAD CSV WITH HEADERS FROM 'h.csv' AS row RETURN row"))
                .isEqualTo(map("id", "1", "name", null, "city", ""));
    }

    @Test
    void neo4jHeadersShortLongRowsMissingAndRepeatedNames() throws IOException {
        write("h.csv", "id,name,,id\n1,Ann,x,2\n3\n4,Bo,y,5,extra\n");
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'h.csv' AS row RETURN row")).containsExactly(
                row(map("id", "2", "name", "Ann")), // the unnamed column is left out; the later 'id' wins
                row(map("id", null, "name", null)), // a short row: the missing columns are null
                row(map("id", "5", "name", "Bo"))); // a long row: the extra field is dropped
    }

    @Test
    void quotingLineEndsBomAndFieldTerminator() throws IOException {
        write("q.csv", "\uFEFFname;note\r\n\"Smith; J\";\"said \"\"hi\"\"\"\r\n\r\n\"two\nlines\";\\\"x\r\nlast;\"a \\\"b\\\"\"");
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'q.csv' AS row FIELDTERMINATOR ';' RETURN row"))
                .containsExactly(
                        row(map("name", "Smith; J", "note", "said \"hi\"")),
                        row(map("name", "two\nlines", "note", "\\\"x")), // outside quotes a backslash is itself
                        row(map("name", "last", "note", "a \"b\""))); // Neo4j: \" inside quotes is a quote
        write("t.csv", "a\tb\n");
        assertThat(db.single("LOAD CSV FROM 't.csv' AS row FIELDTERMINATOR '\\t' RETURN row"))
                .isEqualTo(List.of("a", "b"));
    }

    @Test
    void aFieldTerminatorOfTwoCharactersIsASyntaxError() {
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'x.csv' AS row FIELDTERMINATOR ';;' RETURN row"))
                .hasMessageContaining("The FIELDTERMINATOR specified for LOAD CSV can only be one character wide");
    }

    @Test
    void usingPeriodicCommitPointsToCallInTransactions() {
        assertThatThrownBy(() -> db.run("USING PERIODIC COMMIT 500 LOAD CSV FROM 'x.csv' AS row CREATE (:N)"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.ClientError.Statement.SyntaxError"))
                .hasMessageContaining("USING PERIODIC COMMIT is not supported")
                .hasMessageContaining("CALL { ... } IN TRANSACTIONS");
    }

    @Test
    void loadCsvCannotEndAQuery() {
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'x.csv' AS row"))
                .hasMessageContaining("Query cannot conclude with LOAD CSV");
    }

    // ------------------------------------------------------------------ Memgraph's syntax

    @Test
    void memgraphHeaderAndNoHeaderEmptyFieldsAreEmptyStringsUnlessNullIf() throws IOException {
        Path f = write("m.csv", "id|name|age\n1|Ann|\n2|'x|y'|NA\n");
        String abs = f.toString();
        assertThat(db.values("LOAD CSV FROM '" + abs + "' WITH HEADER DELIMITER '|' QUOTE \"'\" AS row RETURN row"))
                .containsExactly(row(map("id", "1", "name", "Ann", "age", "")),
                        row(map("id", "2", "name", "x|y", "age", "NA")));
        assertThat(db.values("LOAD CSV FROM 'm.csv' WITH HEADER DELIMITER '|' QUOTE \"'\" NULLIF 'NA' AS row"
                + " RETURN row.age")).containsExactly(row(""), row((Object) null));
        assertThat(db.values("LOAD CSV FROM 'm.csv' NO HEADER DELIMITER '|' NULLIF '' AS row RETURN row")).containsExactly(
                row(List.of("id", "name", "age")), row(Arrays.asList("1", "Ann", null)),
                row(List.of("2", "'x", "y'", "NA")));
    }

    @Test
    void memgraphRowsOfAnotherLengthThanTheHeaderAreBadAndIgnoreBadSkipsThem() throws IOException {
        write("bad.csv", "a,b\n1,2\n3\n4,5,6\n7,8\n");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'bad.csv' WITH HEADER AS row RETURN row"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessageContaining(imports.toRealPath().resolve("bad.csv") + ", line 3: expected 2 fields, as in"
                        + " the header, but got 1");
        assertThat(db.values("LOAD CSV FROM 'bad.csv' WITH HEADER IGNORE BAD AS row RETURN row.a, linenumber()"))
                .containsExactly(row("1", 2L), row("7", 5L));
    }

    @Test
    void memgraphHeaderMustNameEveryColumnOnce() throws IOException {
        write("dup.csv", "a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'dup.csv' WITH HEADER IGNORE BAD AS row RETURN row"))
                .hasMessageContaining("line 1: the header names column 'a' twice");
        write("gap.csv", "a,,c\n1,2,3\n");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'gap.csv' WITH HEADER AS row RETURN row"))
                .hasMessageContaining("line 1: the header names no column 2");
    }

    @Test
    void anUnterminatedQuoteFailsWithTheFileAndLineAndIgnoreBadSkipsTheRow() throws IOException {
        write("open.csv", "a,b\n1,2\n3,\"never\nclosed\n");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'open.csv' AS row RETURN row"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessage("LOAD CSV: " + imports.toRealPath().resolve("open.csv") + ", line 3: a quoted field"
                        + " opened on line 3 is not closed before the end of the file");
        assertThat(db.values("LOAD CSV FROM 'open.csv' NO HEADER IGNORE BAD AS row RETURN row"))
                .containsExactly(row(List.of("a", "b")), row(List.of("1", "2")));
    }

    @Test
    void aRowOverTheSizeLimitFailsAndIgnoreBadSkipsIt() throws IOException {
        Path f = imports.resolve("huge.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("small\n");
            char[] chunk = new char[1 << 20];
            Arrays.fill(chunk, 'x');
            for (int i = 0; i < 17; i++) {
                w.write(chunk);
            }
            w.write("\nafter\n");
        }
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'huge.csv' AS row RETURN row"))
                .hasMessageContaining("huge.csv, line 2: a row longer than 16 Mi characters");
        assertThat(db.values("LOAD CSV FROM 'huge.csv' NO HEADER IGNORE BAD AS row RETURN row[0], linenumber()"))
                .containsExactly(row("small", 1L), row("after", 3L));
    }

    // ------------------------------------------------------------------ linenumber() and file()

    @Test
    void linenumberAndFileFollowTheRowThroughWithAndSubqueries() throws IOException {
        Path f = write("l.csv", "name\nAnn\n\"Bo\nB\"\nCy\n");
        String real = f.toRealPath().toString();
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'l.csv' AS row RETURN row.name, linenumber(), file()"))
                .containsExactly(row("Ann", 2L, real), row("Bo\nB", 3L, real), row("Cy", 5L, real));
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'l.csv' AS row WITH row.name AS n ORDER BY n DESC"
                + " RETURN n, linenumber()")).containsExactly(row("Cy", 5L), row("Bo\nB", 3L), row("Ann", 2L));
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'l.csv' AS row CALL (row) { RETURN linenumber() AS l }"
                + " RETURN l")).containsExactly(row(2L), row(3L), row(5L));
        assertThat(db.values("RETURN linenumber(), file()")).containsExactly(row(null, null));
    }

    // ------------------------------------------------------------------ CALL IN TRANSACTIONS, laziness

    @Test
    void callInTransactionsCommitsBatchesAndEachRowKeepsItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("id\n");
        for (int i = 1; i <= 2500; i++) {
            sb.append(i).append('\n');
        }
        write("people.csv", sb.toString());
        Db.Result r = db.runResult("LOAD CSV WITH HEADERS FROM 'file:///people.csv' AS row CALL { WITH row"
                + " CREATE (:P {id: toInteger(row.id), line: linenumber()}) } IN TRANSACTIONS OF 1000 ROWS");
        assertThat(r.stats()).containsEntry("nodes-created", 2500L);
        assertThat(db.batchCommits).isEqualTo(3);
        assertThat(db.values("MATCH (p:P) WHERE p.line <> p.id + 1 RETURN count(p)")).containsExactly(row(0L));
    }

    @Test
    void callInTransactionsReadsTheFileBatchByBatch() throws IOException {
        write("tail.csv", "1\n2\n3\n4\n5\n\"unterminated\n");
        // Were the file read whole before the first batch, the error would come before any commit.
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'tail.csv' AS row CALL (row) { CREATE (:N {v: row[0]}) }"
                + " IN TRANSACTIONS OF 2 ROWS")).hasMessageContaining("tail.csv, line 6");
        assertThat(db.batchCommits).isEqualTo(2);
        assertThat(db.values("MATCH (n:N) RETURN n.v ORDER BY n.v")).containsExactly(row("1"), row("2"), row("3"),
                row("4"));
    }

    @Test
    void aLimitReadsOnlyTheStartOfABigFile() throws IOException {
        Path f = imports.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            w.write("id,name\n");
            for (int i = 0; i < 200_000; i++) {
                w.write(i + ",name" + i + "\n");
            }
            w.write("\"this quote is never closed\n"); // reaching it fails the query
        }
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'big.csv' AS row RETURN row.id LIMIT 1"))
                .containsExactly(row("0"));
        assertThat(db.values("LOAD CSV WITH HEADERS FROM 'big.csv' AS row WITH row WHERE row.id = '7'"
                + " RETURN row.name LIMIT 1")).containsExactly(row("name7"));
        assertThatThrownBy(() -> db.run("LOAD CSV WITH HEADERS FROM 'big.csv' AS row RETURN count(*)"))
                .hasMessageContaining("big.csv, line 200002");
        assertThat(openDescriptors(f)).isZero();
    }

    @Test
    void theFileIsClosedWhenTheQueryIsCutShortFailsOrIsCancelled() throws IOException {
        Path f = write("c.csv", "1\n2\n3\n");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            many.append(i).append('\n');
        }
        Path g = write("many.csv", many.toString());
        Transaction tx = db.storage.begin();
        try {
            // a LIMIT ends the query with the file half read; the client has not closed the result yet
            Execution limited = db.engine.execute(tx, "LOAD CSV FROM 'c.csv' AS row RETURN row LIMIT 1", Map.of(),
                    QueryControl.unlimited());
            limited.pull(-1, r -> { });
            assertThat(openDescriptors(f)).isZero();
            limited.close();

            // the client stops pulling and closes the result (DISCARD, RESET, a closed connection)
            Execution streaming = db.engine.execute(tx, "LOAD CSV FROM 'c.csv' AS row RETURN row", Map.of(),
                    QueryControl.unlimited());
            assertThat(streaming.pull(1, r -> { })).isTrue();
            assertThat(openDescriptors(f)).isEqualTo(1);
            streaming.close();
            assertThat(openDescriptors(f)).isZero();

            // cancellation (RESET, the time limit) stops it at its next check
            QueryControl control = QueryControl.unlimited();
            Execution cancelled = db.engine.execute(tx, "LOAD CSV FROM 'many.csv' AS row RETURN row", Map.of(),
                    control);
            assertThat(cancelled.pull(1, r -> { })).isTrue();
            control.cancel();
            assertThatThrownBy(() -> cancelled.pull(-1, r -> { }))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("Neo.TransientError.Transaction.Terminated"));
            assertThat(openDescriptors(g)).isZero();
        } finally {
            tx.close();
        }
    }

    @Test
    void aFailedLoadWritesNothingAndTheEngineGoesOn() throws IOException {
        write("half.csv", "1\n2\n\"3\n");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'half.csv' AS row CREATE (:N {v: row[0]})"))
                .hasMessageContaining("half.csv, line 3");
        assertThat(db.single("MATCH (n:N) RETURN count(n)")).isEqualTo(0L);
        write("ok.csv", "1\n");
        db.run("LOAD CSV FROM 'ok.csv' AS row CREATE (:N {v: row[0]})");
        assertThat(db.single("MATCH (n:N) RETURN n.v")).isEqualTo("1");
    }

    @Test
    void readingStaysAReadAndCreatingIsAWrite() throws IOException {
        write("r.csv", "1\n");
        Transaction tx = db.storage.begin();
        try (Execution read = db.engine.execute(tx, "LOAD CSV FROM 'r.csv' AS row RETURN row", Map.of(),
                QueryControl.unlimited());
             Execution write = db.engine.execute(tx, "LOAD CSV FROM 'r.csv' AS row CREATE (:N)", Map.of(),
                     QueryControl.unlimited())) {
            assertThat(read.type()).isEqualTo(QueryType.READ_ONLY);
            assertThat(write.type()).isNotEqualTo(QueryType.READ_ONLY);
        } finally {
            tx.close();
        }
    }

    // ------------------------------------------------------------------ which files

    @Test
    void absolutePathsInsideTheDirectoryAreReadAndOthersRefused() throws IOException {
        Path inside = write("sub/in.csv", "ok\n");
        Path outside = Files.writeString(root.resolve("secret.csv"), "secret\n");
        assertThat(db.single("LOAD CSV FROM '" + inside + "' AS row RETURN row[0]")).isEqualTo("ok");
        assertThat(db.single("LOAD CSV FROM 'file:///sub/in.csv' AS row RETURN row[0]")).isEqualTo("ok");
        String dir = imports.toAbsolutePath().normalize().toString();
        assertThatThrownBy(() -> db.run("LOAD CSV FROM '" + outside + "' AS row RETURN row"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessage("LOAD CSV reads only files under " + dir + " (--load-csv-directory); " + outside
                        + " is outside it");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM '/etc/passwd' AS row RETURN row"))
                .hasMessage("LOAD CSV reads only files under " + dir + " (--load-csv-directory); /etc/passwd is"
                        + " outside it");
    }

    @Test
    void dotDotCannotLeaveTheDirectory() throws IOException {
        Files.writeString(root.resolve("secret.csv"), "secret\n");
        for (String location : List.of("../secret.csv", "file:///../secret.csv", "sub/../../secret.csv",
                imports + "/../secret.csv", "file:///%2E%2E/secret.csv",
                // a file that does not exist outside is refused the same way: no answer tells what exists there
                "../no-such-file.csv", "/etc/no-such-file.csv")) {
            assertThatThrownBy(() -> db.run("LOAD CSV FROM $f AS row RETURN row", "f", location))
                    .as(location).hasMessageContaining("is outside it");
        }
    }

    @Test
    void aSymbolicLinkCannotLeaveTheDirectory() throws IOException {
        Path secret = Files.writeString(root.resolve("secret.csv"), "secret\n");
        Files.createSymbolicLink(imports.resolve("link.csv"), secret);
        Files.createSymbolicLink(imports.resolve("linkdir"), root);
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'link.csv' AS row RETURN row"))
                .hasMessageContaining("link.csv is outside it");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'file:///linkdir/secret.csv' AS row RETURN row"))
                .hasMessageContaining("linkdir/secret.csv is outside it");
        // a link that stays inside is fine
        write("real.csv", "r\n");
        Files.createSymbolicLink(imports.resolve("alias.csv"), imports.resolve("real.csv"));
        assertThat(db.single("LOAD CSV FROM 'alias.csv' AS row RETURN row[0]")).isEqualTo("r");
    }

    @Test
    void otherUrlSchemesAreRefused() {
        for (String url : List.of("http://example.com/a.csv", "https://example.com/a.csv", "ftp://example.com/a.csv",
                "jar:file:///x.jar!/a.csv")) {
            assertThatThrownBy(() -> db.run("LOAD CSV FROM $u AS row RETURN row", "u", url)).as(url)
                    .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                    .hasMessageContaining("LOAD CSV reads only files under")
                    .hasMessageContaining(url + " is a ")
                    .hasMessageContaining("fetches nothing over the network");
        }
    }

    @Test
    void missingDirectoryUnreadableAndNonStringSourcesFailWithOneLine() throws IOException {
        Path missing = imports.resolve("missing.csv");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'missing.csv' AS row RETURN row"))
                .hasMessageStartingWith("LOAD CSV: " + missing + " does not exist");
        Files.createDirectories(imports.resolve("adir"));
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'adir' AS row RETURN row"))
                .hasMessage("LOAD CSV: " + imports.toRealPath().resolve("adir") + " is a directory, not a file");
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 42 AS row RETURN row"))
                .hasMessageContaining("LOAD CSV FROM expects a String");
        assumeThat(System.getProperty("user.name")).isNotEqualTo("root"); // root reads any file
        Path locked = write("locked.csv", "x\n");
        assumeThat(locked.toFile().setReadable(false, false)).isTrue();
        assertThatThrownBy(() -> db.run("LOAD CSV FROM 'locked.csv' AS row RETURN row"))
                .hasMessage("LOAD CSV: " + locked.toRealPath() + " cannot be read: permission denied");
    }

    @Test
    void anEngineWithoutCsvFilesRefusesEveryLoad() {
        Db plain = new Db(CsvFiles.disabled("LOAD CSV is disabled on this server: --load-csv-directory is empty"));
        assertThatThrownBy(() -> plain.run("LOAD CSV FROM 'a.csv' AS row RETURN row"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessage("LOAD CSV is disabled on this server: --load-csv-directory is empty");
        assertThatThrownBy(() -> new Db().run("LOAD CSV FROM 'a.csv' AS row RETURN row"))
                .hasMessageContaining("LOAD CSV is not enabled in this engine");
    }

    /** How many of this process's file descriptors are open on {@code file} (Linux: /proc/self/fd). */
    private static long openDescriptors(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeThat(Files.isDirectory(fds)).isTrue();
        Path real = file.toRealPath();
        List<Path> open = new ArrayList<>();
        try (Stream<Path> s = Files.list(fds)) {
            s.forEach(open::add);
        }
        long n = 0;
        for (Path fd : open) {
            try {
                if (Files.readSymbolicLink(fd).equals(real)) {
                    n++;
                }
            } catch (IOException e) {
                // closed meanwhile (the listing's own descriptor)
            }
        }
        return n;
    }
}
