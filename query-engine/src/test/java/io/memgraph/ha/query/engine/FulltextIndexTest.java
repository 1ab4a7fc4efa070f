package io.memgraph.ha.query.engine;

import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.SchemaItem;
import io.memgraph.ha.storage.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Full-text indexes as Neo4j 5 and Memgraph write them: the statements, {@code SHOW} and {@code
 * DUMP}, the query syntax, BM25 ranking, the analyzers, and the procedures of both. Boolean
 * matching against an oracle on random queries: {@link FulltextQueryProperties}.
 */
class FulltextIndexTest {
    private final Db db = new Db();

    private static final String DOCS = "CREATE FULLTEXT INDEX docs FOR (n:Doc|Note) ON EACH [n.title, n.body]";

    private CypherException failure(String query, Object... params) {
        CypherException e = catchThrowableOfType(CypherException.class, () -> db.run(query, params));
        assertThat(e).as("expected an error from %s", query).isNotNull();
        return e;
    }

    /** The {@code title}s the query finds in {@code docs}, best first. */
    private List<Object> titles(String query) {
        return db.values("CALL db.index.fulltext.queryNodes('docs', $q) YIELD node RETURN node.title", "q", query)
                .stream().map(r -> r.get(0)).toList();
    }

    private void texts(String... titles) {
        for (String t : titles) {
            db.run("CREATE (:Doc {title: $t})", "t", t);
        }
    }

    // ------------------------------------------------------------------ statements

    @Test
    void createFulltextIndexIsListedAsNeo4jListsIt() {
        db.run(DOCS);
        assertThat(db.lastStats).containsEntry("indexes-added", 1L);
        assertThat(db.values("SHOW FULLTEXT INDEXES YIELD name, type, entityType, labelsOrTypes, properties,"
                + " indexProvider, options")).containsExactly(row("docs", "FULLTEXT", "NODE", List.of("Doc", "Note"),
                        List.of("title", "body"), "fulltext-1.0", Map.of("indexProvider", "fulltext-1.0",
                                "indexConfig", Map.of("fulltext.analyzer", "standard-no-stop-words",
                                        "fulltext.eventually_consistent", false))));
        String create = "CREATE FULLTEXT INDEX `docs` FOR (n:`Doc`|`Note`) ON EACH [n.`title`, n.`body`] OPTIONS"
                + " {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`:"
                + " false}}";
        assertThat(db.single("SHOW INDEXES YIELD name, createStatement WHERE name = 'docs' RETURN createStatement"))
                .isEqualTo(create);
        assertThat(db.values("DUMP DATABASE").stream().map(r -> r.get(0)).toList()).contains(create + ";");
        assertThat(db.values("SHOW RANGE INDEXES")).isEmpty();
        db.run("DROP INDEX docs");
        assertThat(db.lastStats).containsEntry("indexes-removed", 1L);
        db.run(create);
        assertThat(db.storage.schemaDefinitions().get(0).item()).isEqualTo(new SchemaItem.FulltextIndex(
                List.of("Doc", "Note"), false, List.of("title", "body"), "standard-no-stop-words", false));
    }

    @Test
    void relationshipIndexesOptionsAndParametersAsGraphRagToolsSendThem() {
        db.run("CREATE FULLTEXT INDEX $name IF NOT EXISTS FOR ()-[r:MENTIONS|CITES]-() ON EACH [r.text] OPTIONS"
                + " {indexConfig: {`fulltext.analyzer`: $analyzer, `fulltext.eventually_consistent`: true}}",
                "name", "rels", "analyzer", "english");
        assertThat(db.storage.schemaDefinitions().get(0).name()).isEqualTo("rels");
        assertThat(db.storage.schemaDefinitions().get(0).item()).isEqualTo(new SchemaItem.FulltextIndex(
                List.of("MENTIONS", "CITES"), true, List.of("text"), "english", true));
        assertThat(db.values("SHOW FULLTEXT INDEXES YIELD entityType, options RETURN entityType,"
                + " options.indexConfig")).containsExactly(row("RELATIONSHIP", Map.of("fulltext.analyzer", "english",
                        "fulltext.eventually_consistent", true)));
        db.run("CREATE (a)-[:MENTIONS {text: 'The graphs of cities'}]->(b), (a)-[:CITES {text: 'a graph'}]->(b),"
                + " (a)-[:OTHER {text: 'graphs'}]->(b)");
        assertThat(db.values("CALL db.index.fulltext.queryRelationships('rels', 'graphs') YIELD relationship"
                + " RETURN type(relationship)")).containsExactly(row("MENTIONS"));
        assertThat(failure("CALL db.index.fulltext.queryNodes('rels', 'graphs')").getMessage())
                .contains("is on relationships, not nodes");
    }

    @Test
    void namesEquivalenceAndBadOptionsFailAsForOtherIndexes() {
        db.run(DOCS);
        assertThat(failure(DOCS).statusCode()).isEqualTo("Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists");
        CypherException other = failure("CREATE FULLTEXT INDEX other FOR (n:Note|Doc) ON EACH [n.body, n.title]"
                + " OPTIONS {indexConfig: {`fulltext.analyzer`: 'simple'}}");
        assertThat(other.statusCode()).isEqualTo("Neo.ClientError.Schema.IndexAlreadyExists");
        assertThat(failure("CREATE FULLTEXT INDEX docs FOR (n:X) ON EACH [n.p]").statusCode())
                .isEqualTo("Neo.ClientError.Schema.IndexWithNameAlreadyExists");
        db.run("CREATE FULLTEXT INDEX docs IF NOT EXISTS FOR (n:X) ON EACH [n.p]");
        assertThat(db.storage.schemaDefinitions()).hasSize(1);
        assertThat(failure("CREATE FULLTEXT INDEX a FOR (n:X) ON EACH [n.p] OPTIONS {indexConfig:"
                + " {`fulltext.analyzer`: 'swedish'}}").getMessage())
                .isEqualTo("Unknown full-text analyzer 'swedish': supported analyzers are 'standard-no-stop-words',"
                        + " 'standard', 'english', 'simple', 'whitespace', 'keyword'");
        assertThat(failure("CREATE FULLTEXT INDEX a FOR (n:X) ON EACH [n.p] OPTIONS {indexConfig: {`x`: 1}}")
                .getMessage()).contains("`x`").contains("`fulltext.analyzer`");
        assertThat(failure("CREATE FULLTEXT INDEX a FOR (n:X) ON EACH [n.p] OPTIONS {indexProvider: 'range-1.0'}")
                .getMessage()).contains("'fulltext-1.0'");
        assertThat(failure("CREATE FULLTEXT INDEX a FOR (n:X) ON EACH [n.p, n.p]").getMessage())
                .contains("names a property twice");
        assertThat(failure("CREATE FULLTEXT INDEX a FOR (n:X) ON EACH [m.p]").getMessage()).contains("'m'");
    }

    // ------------------------------------------------------------------ matching and ranking

    @Test
    void termsPhrasesFieldsAndTheDefaultOperatorOr() {
        db.run(DOCS);
        db.run("CREATE (:Doc {title: 'Graph databases', body: 'Nodes and relationships'}),"
                + " (:Note {title: 'Vector search', body: 'Embeddings of graph nodes'}),"
                + " (:Doc {title: 'Databases of graphs'}), (:Other {title: 'graph'})");
        assertThat(titles("graph")).containsExactlyInAnyOrder("Graph databases", "Vector search");
        assertThat(titles("GRAPH search")).hasSize(2);
        assertThat(titles("\"graph databases\"")).containsExactly("Graph databases");
        assertThat(titles("\"databases graph\"")).isEmpty();
        assertThat(titles("title:graph")).containsExactly("Graph databases");
        assertThat(titles("body:\"graph nodes\"")).containsExactly("Vector search");
        assertThat(titles("nope:graph")).isEmpty();
        assertThat(titles("body:(relationships OR embeddings)")).hasSize(2);
    }

    @Test
    void booleanOperatorsAsLucenesClassicParserReadsThem() {
        db.run(DOCS);
        texts("apple banana", "apple cherry", "banana cherry", "apple banana cherry");
        assertThat(titles("apple AND banana")).containsExactlyInAnyOrder("apple banana", "apple banana cherry");
        assertThat(titles("apple && banana && cherry")).containsExactly("apple banana cherry");
        assertThat(titles("apple NOT cherry")).containsExactly("apple banana");
        assertThat(titles("apple !cherry")).containsExactly("apple banana");
        assertThat(titles("+apple -banana")).containsExactly("apple cherry");
        assertThat(titles("apple OR banana")).hasSize(4);
        assertThat(titles("cherry || nothing")).hasSize(3);
        assertThat(titles("(apple AND banana) OR (banana AND cherry)")).hasSize(3);
        assertThat(titles("NOT apple")).isEmpty(); // a purely negative query matches nothing, as in Lucene
        assertThat(titles("apple AND NOT (banana OR cherry)")).isEmpty();
    }

    @Test
    void wildcardsFuzzyBoostsAndEscapes() {
        db.run(DOCS);
        texts("test", "text", "tent", "testing", "toast", "a+b", "Lucene");
        assertThat(titles("te?t")).containsExactlyInAnyOrder("test", "text", "tent");
        assertThat(titles("te*t")).containsExactlyInAnyOrder("test", "text", "tent");
        assertThat(titles("test*")).containsExactlyInAnyOrder("test", "testing");
        assertThat(titles("Luc*")).containsExactly("Lucene"); // wildcard terms are lowercased, as indexed terms
        assertThat(titles("tast~1")).containsExactlyInAnyOrder("test", "toast");
        assertThat(titles("tset~1")).contains("test"); // a swap of neighbours is one edit
        assertThat(titles("tezt~")).containsExactlyInAnyOrder("test", "text", "tent"); // toast is 3 edits away
        assertThat(titles("tezt~0")).isEmpty();
        assertThat(titles("text OR tent^4").get(0)).isEqualTo("tent");
        assertThat(titles("text^4 OR tent").get(0)).isEqualTo("text");
        // the escaped + is no operator; the analyzer splits a+b into a OR b
        assertThat(titles("a\\+b")).containsExactly("a+b");
        assertThat(titles("*:*")).hasSize(7);
    }

    @Test
    void bm25RanksTheRarerTermHigherAndShorterFieldsHigherTiesToTheLowerId() {
        db.run(DOCS);
        texts("common rare", "common filler", "common filler", "common filler");
        List<List<Object>> rows = db.values("CALL db.index.fulltext.queryNodes('docs', 'common OR rare') YIELD"
                + " node, score RETURN node.title, score");
        assertThat(rows.get(0).get(0)).isEqualTo("common rare");
        // BM25: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf part freq / (freq + k1 (1 - b + b len / avg))
        double common = Math.log(1 + 0.5 / 4.5) * (1 / (1 + 1.2));
        double rare = Math.log(1 + 3.5 / 1.5) * (1 / (1 + 1.2));
        assertThat((double) rows.get(0).get(1)).isCloseTo(common + rare, org.assertj.core.data.Offset.offset(1e-9));
        // equal scores go to the lower id
        List<Object> ids = db.values("CALL db.index.fulltext.queryNodes('docs', 'filler') YIELD node"
                + " RETURN id(node)").stream().map(r -> r.get(0)).toList();
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare((Long) a, (Long) b)).hasSize(3);
        texts("filler");
        assertThat(titles("filler").get(0)).isEqualTo("filler"); // a shorter field with the term ranks first
    }

    @Test
    void nonStringValuesAreNotIndexedAndListsOfStringsAre() {
        db.run(DOCS);
        db.run("CREATE (:Doc {title: 42}), (:Doc {title: true}), (:Doc {title: ['forty two', 'more']}),"
                + " (:Doc {title: ['mixed', 1]})");
        assertThat(titles("42")).isEmpty();
        assertThat(titles("true")).isEmpty();
        assertThat(titles("forty")).hasSize(1);
        assertThat(titles("\"two more\"")).isEmpty(); // a phrase does not span two values of a list
        assertThat(titles("mixed")).isEmpty();
    }

    @Test
    void theTransactionSeesItsOwnUncommittedText() {
        db.run(DOCS);
        texts("committed words");
        Transaction tx = db.storage.begin();
        try {
            db.runIn(tx, "CREATE (:Doc {title: 'mine words'})");
            db.runIn(tx, "MATCH (d:Doc {title: 'committed words'}) SET d.title = 'changed'");
            assertThat(db.runIn(tx, "CALL db.index.fulltext.queryNodes('docs', 'words') YIELD node"
                    + " RETURN node.title")).containsExactly(Map.of("node.title", "mine words"));
        } finally {
            tx.close();
        }
        assertThat(titles("words")).containsExactly("committed words");
    }

    @Test
    void analyzers() {
        db.run("CREATE FULLTEXT INDEX std FOR (n:A) ON EACH [n.t] OPTIONS {indexConfig: {`fulltext.analyzer`:"
                + " 'standard'}}");
        db.run("CREATE FULLTEXT INDEX kw FOR (n:A) ON EACH [n.k] OPTIONS {indexConfig: {`fulltext.analyzer`:"
                + " 'keyword'}}");
        db.run("CREATE FULLTEXT INDEX ws FOR (n:A) ON EACH [n.w] OPTIONS {indexConfig: {`fulltext.analyzer`:"
                + " 'whitespace'}}");
        db.run("CREATE FULLTEXT INDEX si FOR (n:A) ON EACH [n.s] OPTIONS {indexConfig: {`fulltext.analyzer`:"
                + " 'simple'}}");
        db.run("CREATE FULLTEXT INDEX en FOR (n:A) ON EACH [n.e] OPTIONS {indexConfig: {`fulltext.analyzer`:"
                + " 'english'}}");
        db.run("CREATE (:A {t: 'The cat and the hat', k: 'ID-42 x', w: 'Hello, World', s: 'abc123def',"
                + " e: \"John's book\"})");
        assertThat(count("std", "the")).isZero(); // a stop word
        assertThat(count("std", "\"cat and the hat\"")).isEqualTo(1); // the dropped words keep their positions
        assertThat(count("std", "\"cat hat\"")).isZero();
        assertThat(count("kw", "ID\\-42\\ x")).isEqualTo(1);
        assertThat(count("kw", "id")).isZero();
        assertThat(count("ws", "Hello,")).isEqualTo(1);
        assertThat(count("ws", "hello")).isZero();
        assertThat(count("si", "def")).isEqualTo(1);
        assertThat(count("en", "john")).isEqualTo(1);
        assertThat(count("si", "ABC")).isEqualTo(1);
        // a query analyzer that keeps the case finds no lowercased term
        assertThat(db.values("CALL db.index.fulltext.queryNodes('si', 'ABC', {analyzer: 'whitespace'}) YIELD node"
                + " RETURN count(*)")).containsExactly(row(0L));
        List<List<Object>> analyzers = db.values("CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer,"
                + " stopwords RETURN analyzer, size(stopwords)");
        assertThat(analyzers).contains(row("standard-no-stop-words", 0L), row("english", 33L), row("keyword", 0L));
    }

    private long count(String index, String query) {
        return (Long) db.single("CALL db.index.fulltext.queryNodes($i, $q) YIELD node RETURN count(*)", "i", index,
                "q", query);
    }

    // ------------------------------------------------------------------ errors and limits

    @Test
    void malformedAndUnsupportedQueriesAreOneLineErrorsNamingTheColumn() {
        db.run(DOCS);
        CypherException e = failure("CALL db.index.fulltext.queryNodes('docs', 'apple AND')");
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Procedure.ProcedureCallFailed");
        assertThat(e.getMessage()).contains("Cannot parse 'apple AND': expected a term, a phrase or '(' after AND"
                + " at column 10").doesNotContain("\n");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', '(apple')").getMessage())
                .contains("missing ')' for the '(' at column 1");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', '\"apple')").getMessage())
                .contains("missing closing '\"'");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', 'price:[1 TO 5]')").getMessage())
                .contains("range queries").contains("column 7");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', '/ap+le/')").getMessage())
                .contains("regular expression queries");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', '\"a b\"~3')").getMessage())
                .contains("proximity searches");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', 'a~3')").getMessage())
                .contains("0 to 2 edits");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', '')").getMessage()).contains("empty");
        assertThat(failure("CALL db.index.fulltext.queryNodes('nope', 'a')").getMessage())
                .contains("There is no such fulltext schema index: nope");
        assertThat(failure("CALL db.index.fulltext.queryNodes('docs', 'a', {sortBy: 'x'})").getMessage())
                .contains("Invalid option 'sortBy'");
    }

    @Test
    void skipLimitAndTheQueryLimits() {
        db.run(DOCS);
        texts("a1 word", "a2 word", "a3 word", "a4 word");
        assertThat(db.values("CALL db.index.fulltext.queryNodes('docs', 'word', {skip: 1, limit: 2}) YIELD node"
                + " RETURN node.title")).containsExactly(row("a2 word"), row("a3 word"));
        db.run("UNWIND range(1, 20000) AS i CREATE (:Doc {title: 'some words here ' + toString(i)})");
        assertThat(db.failureUnder(new QueryControl(null, 256 * 1024),
                "CALL db.index.fulltext.queryNodes('docs', 'words') YIELD node RETURN count(*)"))
                .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
        assertThat(db.failureUnder(new QueryControl(Duration.ofMillis(1), 0),
                "CALL db.index.fulltext.queryNodes('docs', 'words') YIELD node RETURN count(*)"))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the check it would hang the run
    void aRegularExpressionThatBacktracksForeverStopsAtTheTimeLimit() {
        db.run("CREATE TEXT INDEX bodies ON :Report(body)");
        db.run("CREATE (:Report {body: '" + "a".repeat(40) + "!'})");
        // (.*a){12}b against forty a's backtracks for hours: only the time limit ends it
        assertThat(db.failureUnder(new QueryControl(Duration.ofMillis(300), 0),
                "CALL text_search.regex_search('bodies', '(.*a){12}b') YIELD node RETURN count(*)"))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
    }

    // ------------------------------------------------------------------ Memgraph's forms

    @Test
    void memgraphsTextIndexesCreateSearchShowAndDrop() {
        db.run("CREATE TEXT INDEX complianceDocuments ON :Report");
        db.run("CREATE TEXT INDEX titles ON :Report(title)");
        db.run("CREATE (:Report {title: 'Rules2024', body: 'all about works'}), (:Report {title: 'Other',"
                + " body: 'Rules2024 words', year: 2024})");
        assertThat(db.values("CALL text_search.search('complianceDocuments', 'data.title:Rules2024') YIELD node"
                + " RETURN node.title")).containsExactly(row("Rules2024"));
        assertThat(db.values("CALL text_search.search_all('complianceDocuments', 'rules2024') YIELD node"
                + " RETURN node.title")).hasSize(2);
        assertThat(db.values("CALL text_search.search_all('titles', 'rules2024') YIELD node, score"
                + " RETURN node.title")).containsExactly(row("Rules2024"));
        assertThat(db.values("CALL text_search.regex_search('complianceDocuments', 'wor.*s') YIELD node"
                + " RETURN node.title ORDER BY node.title")).containsExactly(row("Other"), row("Rules2024"));
        assertThat(db.values("CALL text_search.search_all('complianceDocuments', '2024') YIELD node")).isEmpty();
        assertThat(db.values("SHOW INDEX INFO").stream().map(r -> r.subList(1, 5)).toList()).containsExactly(
                row("label_text (name: complianceDocuments)", "Report", List.of(), 2L),
                row("label_text (name: titles)", "Report", List.of("title"), 2L));
        assertThat(db.values("DUMP DATABASE").stream().map(r -> r.get(0)).toList())
                .contains("CREATE TEXT INDEX `complianceDocuments` ON :`Report`;");
        db.run("DROP TEXT INDEX complianceDocuments");
        assertThat(db.storage.schemaDefinitions()).hasSize(1);
        assertThat(failure("CREATE TEXT INDEX titles ON :Other").statusCode())
                .isEqualTo("Neo.ClientError.Schema.IndexWithNameAlreadyExists");
        db.run("CREATE TEXT EDGE INDEX rel ON :RELATES_TO(title)");
        db.run("CREATE ()-[:RELATES_TO {title: 'Rules2024'}]->()");
        assertThat(db.values("CALL text_search.search_edges('rel', 'data.title:rules2024') YIELD edge, score"
                + " RETURN edge.title")).containsExactly(row("Rules2024"));
        assertThat(failure("CALL text_search.search('rel', 'x')").getMessage()).contains("is on relationships");
    }
}
