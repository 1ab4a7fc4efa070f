package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.csv.CsvFiles;
import io.memgraph.ha.query.error.CypherException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * APOC's {@code apoc.load.json}, {@code jsonArray} and {@code csv} and MAGE's {@code json_util}
 * against files in a temporary import directory: the shapes of JSON files, the path argument, the
 * values' types, CSV's config, and that nothing but the import directory's files is read.
 */
class LoadProceduresTest {
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

    private void write(String name, String content) throws IOException {
        Files.writeString(imports.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String code(Throwable e) {
        return ((CypherException) e).statusCode();
    }

    // ------------------------------------------------------------------ apoc.load.json

    @Test
    void anObjectAnArrayOfObjectsAndJsonLinesGiveOneRowPerObject() throws IOException {
        write("one.json", "{\"name\": \"Ann\", \"age\": 41}");
        write("array.json", "[{\"name\": \"Ann\"}, {\"name\": \"Bob\"}]");
        write("lines.json", "{\"name\": \"Ann\"}\n{\"name\": \"Bob\"}\n{\"name\": \"Cid\"}\n");
        assertThat(db.values("CALL apoc.load.json('file:///one.json') YIELD value RETURN value"))
                .containsExactly(row(Map.of("name", "Ann", "age", 41L)));
        assertThat(db.values("CALL apoc.load.json('array.json') YIELD value RETURN value.name"))
                .containsExactly(row("Ann"), row("Bob"));
        assertThat(db.values("CALL apoc.load.json($f) YIELD value RETURN value.name", "f",
                imports.resolve("lines.json").toString())).containsExactly(row("Ann"), row("Bob"), row("Cid"));
    }

    @Test
    void nestedValuesHaveTheTypesApocConvertFromJsonGives() throws IOException {
        write("types.json", "{\"i\": 1, \"f\": 1.5, \"e\": 1e3, \"big\": 123456789012345678901234, \"s\": \"x\","
                + " \"t\": true, \"n\": null, \"l\": [1, [2, {\"k\": \"v\"}]], \"m\": {\"a\": {\"b\": false}}}");
        List<Object> r = db.values("CALL apoc.load.json('types.json') YIELD value RETURN value.i, value.f,"
                + " value.e, value.big, value.s, value.t, value.n, value.l, value.m, keys(value)"
                + " = keys(apoc.convert.fromJsonMap('{\"i\":1,\"f\":1.5,\"e\":1e3,\"big\":1,\"s\":\"\",\"t\":true,"
                + "\"n\":null,\"l\":[],\"m\":{}}'))").get(0);
        assertThat(r).containsExactly(1L, 1.5, 1000.0, 1.2345678901234568E23, "x", true, null,
                List.of(1L, List.of(2L, Map.of("k", "v"))), Map.of("a", Map.of("b", false)), true);
    }

    @Test
    void thePathArgumentPicksAPartOfEachValue() throws IOException {
        write("doc.json", "{\"data\": {\"people\": [{\"name\": \"Ann\"}, {\"name\": \"Bob\"}], \"n\": 2}}");
        assertThat(db.values("CALL apoc.load.json('doc.json', '$.data.people') YIELD value RETURN value.name"))
                .containsExactly(row("Ann"), row("Bob"));
        assertThat(db.values("CALL apoc.load.json('doc.json', '$.data.people[1]') YIELD value RETURN value"))
                .containsExactly(row(Map.of("name", "Bob")));
        assertThat(db.values("CALL apoc.load.json('doc.json', '$') YIELD value RETURN keys(value)"))
                .containsExactly(row(List.of("data")));
        assertThat(db.values("CALL apoc.load.json('doc.json', '$.data.n') YIELD value RETURN value"))
                .containsExactly(row(Map.of("result", 2L)));
        assertThat(db.values("CALL apoc.load.json('doc.json', '$.nothing') YIELD value RETURN value")).isEmpty();
        assertThatThrownBy(() -> db.run("CALL apoc.load.json('doc.json', '$..name') YIELD value RETURN value"))
                .hasMessageContaining("only JSON paths of the forms $, $.key.key, $.key[0]");
    }

    @Test
    void jsonArrayGivesTheElementsOfAnArray() throws IOException {
        write("nums.json", "[1, \"two\", null, [3]]");
        write("doc.json", "{\"a\": {\"xs\": [true, 2.5]}}");
        assertThat(db.values("CALL apoc.load.jsonArray('nums.json') YIELD value RETURN value"))
                .containsExactly(row(1L), row("two"), row((Object) null), row(List.of(3L)));
        assertThat(db.values("CALL apoc.load.jsonArray('doc.json', '$.a.xs') YIELD value RETURN value"))
                .containsExactly(row(true), row(2.5));
        assertThatThrownBy(() -> db.run("CALL apoc.load.jsonArray('doc.json') YIELD value RETURN value"))
                .hasMessageContaining("holds no JSON array but Map");
    }

    @Test
    void aLargeArrayIsReadAsItIsPulled() throws IOException {
        try (Writer w = Files.newBufferedWriter(imports.resolve("big.json"))) {
            w.write("[");
            for (int i = 0; i < 100_000; i++) {
                w.write((i == 0 ? "" : ",") + "{\"i\": " + i + "}");
            }
            w.write("]");
        }
        assertThat(db.values("CALL apoc.load.json('big.json') YIELD value RETURN value.i LIMIT 2"))
                .containsExactly(row(0L), row(1L));
        assertThat(db.values("CALL apoc.load.json('big.json') YIELD value RETURN count(*), sum(value.i)"))
                .containsExactly(row(100_000L, 4_999_950_000L));
    }

    @Test
    void aValueReadWholeCountsAgainstTheMemoryLimitAndAStreamedArrayOnlyAnElementAtATime() throws IOException {
        try (Writer w = Files.newBufferedWriter(imports.resolve("big.json"))) {
            w.write("[");
            for (int i = 0; i < 50_000; i++) {
                w.write((i == 0 ? "" : ",") + "{\"name\": \"person number " + i + "\", \"i\": " + i + "}");
            }
            w.write("]");
        }
        QueryControl oneMiB = new QueryControl(Duration.ofSeconds(60), 1024 * 1024);
        // about 10 MiB as values: read whole, they pass the limit before the heap fills
        assertThat(db.failureUnder(oneMiB, "CALL json_util.load_from_path('big.json') YIELD objects"
                + " RETURN size(objects)")).isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
        assertThat(db.failureUnder(oneMiB, "CALL apoc.load.json('big.json', '$[0]') YIELD value RETURN value"))
                .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
        // an element at a time: each is released once handed on
        assertThat(db.runResult(oneMiB, "CALL apoc.load.json('big.json') YIELD value RETURN count(*),"
                + " sum(value.i)").rows()).containsExactly(Map.of("count(*)", 50_000L, "sum(value.i)", 1_249_975_000L));
        assertThat(db.runResult(oneMiB, "CALL apoc.load.jsonArray('big.json') YIELD value RETURN count(*)").rows())
                .containsExactly(Map.of("count(*)", 50_000L));
        // unlimited, the whole value is read
        assertThat(db.values("CALL json_util.load_from_path('big.json') YIELD objects RETURN size(objects)"))
                .containsExactly(row(50_000L));
    }

    @Test
    void malformedJsonIsAnErrorNamingTheFileLineAndColumn() throws IOException {
        write("bad.json", "{\"a\": 1}\n{\"b\": }\n");
        Path file = imports.resolve("bad.json").toRealPath();
        assertThatThrownBy(() -> db.run("CALL apoc.load.json('bad.json') YIELD value RETURN value"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessageStartingWith("apoc.load.json: " + file + ", line 2, column 7: malformed JSON: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        StringBuilder deep = new StringBuilder();
        deep.append("[".repeat(2000)).append("]".repeat(2000));
        write("deep.json", deep.toString());
        assertThatThrownBy(() -> db.run("CALL apoc.load.jsonArray('deep.json') YIELD value RETURN value"))
                .hasMessageContaining("malformed JSON").hasMessageContaining("nesting depth");
    }

    // ------------------------------------------------------------------ what may be read

    @Test
    void onlyFilesInTheImportDirectoryAreRead() throws IOException {
        Path outside = Files.writeString(root.resolve("secret.json"), "{\"secret\": 1}");
        String dir = imports.toAbsolutePath().normalize().toString();
        assertThatThrownBy(() -> db.run("CALL apoc.load.json($f) YIELD value RETURN value", "f", outside.toString()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessage("apoc.load.json reads only files under " + dir + " (--load-csv-directory); " + outside
                        + " is outside it");
        assertThatThrownBy(() -> db.run("CALL apoc.load.csv('../secret.json') YIELD map RETURN map"))
                .hasMessageStartingWith("apoc.load.csv reads only files under " + dir);
        assertThatThrownBy(() -> db.run("CALL json_util.load_from_path('file:///../secret.json') YIELD objects"
                + " RETURN objects")).hasMessageStartingWith("json_util.load_from_path reads only files under ");
    }

    @Test
    void urlsOfOtherSchemesAreRefusedWithoutNetworkAccess() {
        for (String call : List.of("apoc.load.json('https://example.com/a.json')",
                "apoc.load.jsonArray('http://example.com/a.json')", "apoc.load.csv('s3://bucket/a.csv')",
                "json_util.load_from_url('https://example.com/a.json')")) {
            String who = call.substring(0, call.indexOf('('));
            assertThatThrownBy(() -> db.run("CALL " + call))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                    .hasMessageStartingWith(who + " reads only files under ")
                    .hasMessageEndingWith("URL, and the server fetches nothing over the network");
        }
    }

    @Test
    void aDisabledImportDirectoryIsReported() {
        Db plain = new Db(CsvFiles.disabled("LOAD CSV is disabled on this server: --load-csv-directory is empty"));
        assertThatThrownBy(() -> plain.run("CALL apoc.load.json('a.json') YIELD value RETURN value"))
                .satisfies(e -> assertThat(code(e)).isEqualTo(EXTERNAL))
                .hasMessage("apoc.load.json: LOAD CSV is disabled on this server: --load-csv-directory is empty");
    }

    // ------------------------------------------------------------------ apoc.load.csv

    @Test
    void csvWithAHeaderGivesListsStringsAndMaps() throws IOException {
        write("people.csv", "name,age,city\nAnn,41,\n\"Bob, Jr\",7,Oslo\n");
        assertThat(db.values("CALL apoc.load.csv('file:///people.csv') YIELD lineNo, list, strings, map, stringMap"
                + " RETURN lineNo, list, map"))
                .containsExactly(row(0L, List.of("Ann", "41", ""), Map.of("name", "Ann", "age", "41", "city", "")),
                        row(1L, List.of("Bob, Jr", "7", "Oslo"), Map.of("name", "Bob, Jr", "age", "7", "city", "Oslo")));
    }

    @Test
    void csvConfigHeaderSepSkipLimitNullValuesIgnoreAndMapping() throws IOException {
        write("t.tsv", "a\tb\tc\n1\tna\tx;y\n2\t3\tz\n4\t5\tw\n");
        assertThat(db.values("CALL apoc.load.csv('t.tsv', {sep: 'TAB', header: false}) YIELD lineNo, list, map"
                + " RETURN lineNo, list, map LIMIT 2"))
                .containsExactly(row(0L, List.of("a", "b", "c"), Map.of()), row(1L, List.of("1", "na", "x;y"), Map.of()));
        assertThat(db.values("CALL apoc.load.csv('t.tsv', {sep: 'TAB', skip: 1, limit: 1}) YIELD lineNo, map"
                + " RETURN lineNo, map")).containsExactly(row(1L, Map.of("a", "2", "b", "3", "c", "z")));
        List<Object> first = db.values("CALL apoc.load.csv('t.tsv', {sep: '\t', nullValues: ['na'], ignore: ['a'],"
                + " mapping: {b: {type: 'int'}, c: {array: true, name: 'cs'}}}) YIELD list, strings, map RETURN list,"
                + " strings, map LIMIT 1").get(0);
        assertThat(first).containsExactly(Arrays.asList(null, List.of("x", "y")), Arrays.asList(null, "x;y"),
                new java.util.HashMap<>(Map.of("cs", List.of("x", "y"))) {
                    {
                        put("b", null);
                    }
                });
        write("q.csv", "'a|b'|c\n");
        assertThat(db.values("CALL apoc.load.csv('q.csv', {sep: '|', quoteChar: \"'\", header: false}) YIELD list"
                + " RETURN list")).containsExactly(row(List.of("a|b", "c")));
    }

    // ------------------------------------------------------------------ MAGE

    @Test
    void mageLoadFromPathGivesOneRowWithTheListOfObjects() throws IOException {
        write("data.json", "{\"first_name\": \"Jessica\", \"pets\": [\"dog\", \"cat\"]}");
        write("list.json", "[{\"a\": 1}, {\"a\": 2}]");
        assertThat(db.values("CALL json_util.load_from_path('data.json') YIELD objects UNWIND objects AS o"
                + " RETURN o.first_name, o.pets")).containsExactly(row("Jessica", List.of("dog", "cat")));
        assertThat(db.values("CALL json_util.load_from_path($p) YIELD objects RETURN objects", "p",
                imports.resolve("list.json").toString()))
                .containsExactly(row(List.of(Map.of("a", 1L), Map.of("a", 2L))));
        assertThat(db.values("CALL json_util.load_from_url('file:///list.json') YIELD objects RETURN size(objects)"))
                .containsExactly(row(2L));
    }
}
