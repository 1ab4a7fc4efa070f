package io.memgraph.ha.query.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.QueryEngine;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.query.parse.CypherParser;
import io.memgraph.ha.query.semantic.SemanticAnalyzer;
import io.memgraph.ha.storage.Storage;
import io.memgraph.ha.storage.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fuzz target for the Cypher front end: lexer, parser, semantic analysis and planner, without
 * running anything. The contract: a query text is accepted or refused with a
 * {@link CypherException} (syntax or semantic error); any other throwable (a
 * {@code NullPointerException}, {@code ClassCastException}, {@code IndexOutOfBoundsException},
 * {@code StackOverflowError}, ...) is a bug that would reach the client as an unknown error.
 *
 * <p>The first input byte's low bit picks how the rest becomes a query: as UTF-8 text, or byte by
 * byte as a sequence of Cypher tokens, which gets past the lexer to the grammar and analysis. A
 * query (not a schema statement or {@code SHOW}) is planned through {@code EXPLAIN}.
 */
class CypherFrontEndFuzzTest {

  private static final List<String> TOKENS = List.of(
      "MATCH", "OPTIONAL MATCH", "CREATE", "MERGE", "WITH", "RETURN", "UNWIND", "WHERE", "SET", "REMOVE",
      "DELETE", "DETACH DELETE", "ORDER BY", "SKIP", "LIMIT", "DISTINCT", "AS", "AND", "OR", "XOR", "NOT",
      "IN", "IS NULL", "IS NOT NULL", "STARTS WITH", "ENDS WITH", "CONTAINS", "CASE", "WHEN", "THEN", "ELSE",
      "END", "UNION", "UNION ALL", "CALL", "YIELD", "EXISTS", "ON CREATE SET", "ON MATCH SET", "FOREACH",
      "ASC", "DESC", "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "-", "->", "<-", "--", "*", "..",
      "=", "<>", "<", ">", "<=", ">=", "+", "/", "%", "^", "=~", "+=", "n", "m", "r", "p", "x", "n.name",
      ":Person", ":KNOWS", "$param", "$0", "0", "1", "-1", "2.5", "'str'", "\"s\"", "null", "true", "false",
      "count(*)", "count", "collect", "size", "range", "id", "labels", "keys", "properties", "nodes",
      "relationships", "coalesce", "toInteger", "date", "datetime", "duration", "localtime", "shortestPath",
      "allShortestPaths", "any", "all", "none", "single", "reduce", "head", "tail", "abs", "substring",
      "CREATE INDEX ON", "DROP INDEX ON", "CREATE CONSTRAINT ON", "ASSERT", "IS UNIQUE", "EXPLAIN",
      "PROFILE", "SHOW", "INDEX INFO", "9223372036854775807", "1e308", "0x1F", "'\\u0041'", "`quoted`", ";",
      "exists", "{name: 'Ada'}", "[1, 2, 3]", "*1..3", "db.labels", "*", "$", "\n");

  private static final Storage STORAGE = new Storage();
  private static final QueryEngine ENGINE = new QueryEngine(STORAGE);

  @FuzzTest
  void parseAnalysePlan(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String query = (data[0] & 1) == 1 ? new String(data, 1, data.length - 1, StandardCharsets.UTF_8) : tokens(data);
    Statement statement;
    try {
      statement = CypherParser.parse(query);
      SemanticAnalyzer.analyze(statement);
    } catch (CypherException e) {
      return;
    }
    if (!(statement instanceof Query)) {
      return;
    }
    try (Transaction tx = STORAGE.begin();
        Execution plan = ENGINE.execute(tx, "EXPLAIN " + query, Map.of(), QueryControl.unlimited())) {
      while (plan.pull(100, row -> { })) {
        // the plan's lines
      }
    } catch (CypherException e) {
      // refused by planning (an unknown procedure, ...) or by EXPLAIN's own parse
    }
  }

  private static String tokens(byte[] data) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < data.length; i++) {
      out.append(TOKENS.get((data[i] & 0xFF) % TOKENS.size())).append(' ');
    }
    return out.toString();
  }

  /** Writes seed inputs: queries as text and as tokens ({@code -Dfuzz.seeds=write}). */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.seeds", matches = "write")
  void writeSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/memgraph/ha/query/fuzz/CypherFrontEndFuzzTestInputs/parseAnalysePlan");
    Files.createDirectories(dir);
    List<String> texts = List.of(
        "MATCH (n:Person {name: 'Ada'})-[r:KNOWS*1..3]->(m) WHERE m.age > 30 RETURN n, count(m) AS c ORDER BY c DESC LIMIT 5",
        "UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 CREATE (:N {x: x}) RETURN collect(x)",
        "MERGE (a:A {id: $id}) ON CREATE SET a.created = datetime() ON MATCH SET a.n = coalesce(a.n, 0) + 1",
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN [x IN nodes(p) | id(x)], reduce(s = 0, y IN [1,2] | s + y)",
        "OPTIONAL MATCH (n) RETURN CASE WHEN n IS NULL THEN 'none' ELSE labels(n) END UNION RETURN 1 AS x",
        "CALL db.labels() YIELD label RETURN label",
        "CREATE INDEX ON :Person(name)",
        "MATCH (n) WITH n, {k: [1, 2.5, 'x', null]} AS m FOREACH (i IN m.k | SET n.v = i) DETACH DELETE n",
        "MATCH p = (a:A WHERE a.x > 1) ((x)-[r:R WHERE r.w < 9]->(y) WHERE x.k = y.k){1,3} (b)-[:S]-+() RETURN p, size(r)",
        "MATCH p = SHORTEST 2 GROUPS (a:A)-[:R]->{2,}(b:B) WHERE length(p) > 1 RETURN [n IN nodes(p) | n.name]",
        "MATCH ANY 3 PATHS ((a)--*(b) WHERE a <> b) OPTIONAL MATCH ALL SHORTEST (b) ((c)<--(d))+ RETURN count(*)");
    for (int i = 0; i < texts.size(); i++) {
      byte[] text = texts.get(i).getBytes(StandardCharsets.UTF_8);
      byte[] seed = new byte[text.length + 1];
      seed[0] = 1;
      System.arraycopy(text, 0, seed, 1, text.length);
      Files.write(dir.resolve("seed-text-" + i), seed);
    }
    // MATCH ( n :Person ) RETURN n
    byte[] tokens = {0, (byte) TOKENS.indexOf("MATCH"), (byte) TOKENS.indexOf("("), (byte) TOKENS.indexOf("n"),
        (byte) TOKENS.indexOf(":Person"), (byte) TOKENS.indexOf(")"), (byte) TOKENS.indexOf("RETURN"),
        (byte) TOKENS.indexOf("n")};
    Files.write(dir.resolve("seed-tokens-match"), tokens);
  }
}
