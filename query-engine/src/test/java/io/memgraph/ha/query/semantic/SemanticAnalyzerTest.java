package io.memgraph.ha.query.semantic;

import io.memgraph.ha.query.error.CypherErrorKind;
import io.memgraph.ha.query.parse.CypherParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SemanticAnalyzerTest {

    private static AnalyzedStatement analyze(String q) {
        return SemanticAnalyzer.analyze(CypherParser.parse(q));
    }

    private static CypherSemanticException error(String q) {
        CypherSemanticException e = catchThrowableOfType(CypherSemanticException.class, () -> analyze(q));
        assertThat(e).as("expected a semantic error for: %s", q).isNotNull();
        return e;
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '#', value = {
        "MATCH (n) RETURN m#UNDEFINED_VARIABLE",
        "MATCH (a), (b) WITH a RETURN b#UNDEFINED_VARIABLE",
        "MATCH (n) WHERE (n)-->(m) RETURN n#UNDEFINED_VARIABLE",
        "MATCH (n) SET m.x = 1#UNDEFINED_VARIABLE",
        "MATCH (n) SET m:L#UNDEFINED_VARIABLE",
        "RETURN [x IN [1] | y]#UNDEFINED_VARIABLE",
        "RETURN [x IN [1] | x] AS l, x#UNDEFINED_VARIABLE",
        "MATCH (n) RETURN count(*) AS c ORDER BY n.x#UNDEFINED_VARIABLE",
        "MATCH (n) RETURN DISTINCT n.x ORDER BY n.y#UNDEFINED_VARIABLE",
        "RETURN m {.a}#UNDEFINED_VARIABLE",
        "MATCH (a) CREATE (a:Foo)#VARIABLE_ALREADY_BOUND",
        "MATCH (a) CREATE (a {x: 1})#VARIABLE_ALREADY_BOUND",
        "MATCH (a) CREATE (a)#VARIABLE_ALREADY_BOUND",
        "MATCH (a) MERGE (a)#VARIABLE_ALREADY_BOUND",
        "MATCH ()-[r]->() CREATE ()-[r:T]->()#VARIABLE_ALREADY_BOUND",
        "UNWIND [1] AS x UNWIND [2] AS x RETURN x#VARIABLE_ALREADY_BOUND",
        "MATCH p = (a)-->(b) MATCH p = (c)-->(d) RETURN p#VARIABLE_ALREADY_BOUND",
        "MATCH (n) CALL { RETURN 1 AS n } RETURN n#VARIABLE_ALREADY_BOUND",
        "MATCH (n)-[n]->() RETURN n#VARIABLE_TYPE_CONFLICT",
        "MATCH ()-[r]->() MATCH (r) RETURN r#VARIABLE_TYPE_CONFLICT",
        "WITH 1 AS n MATCH (n) RETURN n#VARIABLE_TYPE_CONFLICT",
        "MATCH p = ()-->() MATCH (p) RETURN p#VARIABLE_TYPE_CONFLICT",
        "RETURN *#NO_VARIABLES_IN_SCOPE",
        "MATCH (n) WITH n.x RETURN 1#NO_EXPRESSION_ALIAS",
        "RETURN 1 AS a, 2 AS a#COLUMN_NAME_CONFLICT",
        "MATCH (a) RETURN a, a#COLUMN_NAME_CONFLICT",
        "RETURN 1 AS a UNION RETURN 2 AS b#DIFFERENT_COLUMNS_IN_UNION",
        "RETURN 1 AS a, 2 AS b UNION RETURN 2 AS b, 1 AS a#DIFFERENT_COLUMNS_IN_UNION",
        "RETURN 1 AS a UNION ALL RETURN 1 AS a UNION RETURN 1 AS a#INVALID_CLAUSE_COMPOSITION",
        "MATCH (n)#INVALID_CLAUSE_COMPOSITION",
        "MATCH (n:Node) CALL proc.yielding(5) YIELD out#INVALID_CLAUSE_COMPOSITION",
        "MATCH (n) WHERE exists { MATCH (n)-->(m) SET m.prop = 'fail' } RETURN n#INVALID_CLAUSE_COMPOSITION",
        "RETURN 1 AS a UNION ALL RETURN 2 AS a UNION DISTINCT RETURN 3 AS a#INVALID_CLAUSE_COMPOSITION",
        "MERGE (n) ON MATCH SET x.foo = 1#UNDEFINED_VARIABLE",
        "MATCH (n) WITH n#INVALID_CLAUSE_COMPOSITION",
        "RETURN 1 AS x MATCH (n) RETURN n#INVALID_CLAUSE_COMPOSITION",
        "FOREACH (x IN [1] | MATCH (n) SET n.x = x)#INVALID_CLAUSE_COMPOSITION",
        "MATCH (n) WHERE count(n) > 1 RETURN n#INVALID_AGGREGATION",
        "MATCH (n) RETURN n.x ORDER BY max(n.y)#INVALID_AGGREGATION",
        "UNWIND [count(*)] AS x RETURN x#INVALID_AGGREGATION",
        "MATCH (n) SET n.c = count(*)#INVALID_AGGREGATION",
        "MATCH (n) WITH n WHERE sum(n.x) > 1 RETURN n#INVALID_AGGREGATION",
        "RETURN [x IN [1] | count(x)] AS l#INVALID_AGGREGATION",
        "MATCH (n) RETURN count(*) AS c ORDER BY count(n.x)#UNDEFINED_VARIABLE",
        "MATCH (n) RETURN DISTINCT n.x ORDER BY count(*)#INVALID_AGGREGATION",
        "MATCH (me)--(you) RETURN me.age + you.age, me.age + you.age + count(*)#AMBIGUOUS_AGGREGATION_EXPRESSION",
        "MATCH (me)--(you) RETURN count(you.age) AS agg ORDER BY me.age + count(you.age)#UNDEFINED_VARIABLE",
        "MATCH (me)--(you) WITH me.age + you.age AS s, count(*) AS c ORDER BY me.age + you.age + count(*) RETURN *#AMBIGUOUS_AGGREGATION_EXPRESSION",
        "MATCH (a) WITH a.num2 % 3 AS mod, min(a.num) AS min ORDER BY sum(a.num) RETURN mod#UNDEFINED_VARIABLE",
        "RETURN count(count(*))#NESTED_AGGREGATION",
        "RETURN sum(avg(1))#NESTED_AGGREGATION",
        "MATCH (n) DETACH DELETE head(collect(n))#INVALID_AGGREGATION",
        "MATCH (n) RETURN n.x + count(*)#AMBIGUOUS_AGGREGATION_EXPRESSION",
        "MATCH (n) RETURN n.x, n.y + count(*)#AMBIGUOUS_AGGREGATION_EXPRESSION",
        "MATCH (n) RETURN n LIMIT n.x#NON_CONSTANT_EXPRESSION",
        "MATCH (n) RETURN n SKIP size([n])#NON_CONSTANT_EXPRESSION",
        "RETURN 1 LIMIT -1#NEGATIVE_INTEGER_ARGUMENT",
        "RETURN 1 SKIP -2#NEGATIVE_INTEGER_ARGUMENT",
        "RETURN 1 SKIP 1.5#INVALID_ARGUMENT_TYPE",
        "RETURN 1 LIMIT 'x'#INVALID_ARGUMENT_TYPE",
        "MATCH (n) DELETE 1 + 1#INVALID_ARGUMENT_TYPE",
        "MATCH (n) DELETE n.prop#INVALID_ARGUMENT_TYPE",
        "WITH 1 AS x DELETE x#INVALID_ARGUMENT_TYPE",
        "MATCH (n) DELETE n:Person#INVALID_DELETE",
        "MATCH (n) WHERE n.id IN '' RETURN 1#INVALID_ARGUMENT_TYPE",
        "MATCH (n) WHERE n.id IN 1.0 RETURN 1#INVALID_ARGUMENT_TYPE",
        "MATCH (n) WHERE n.id IN {a: 1} RETURN 1#INVALID_ARGUMENT_TYPE",
        "RETURN NOT 'foo'#INVALID_ARGUMENT_TYPE",
        "RETURN true AND 1#INVALID_ARGUMENT_TYPE",
        "RETURN [] OR false#INVALID_ARGUMENT_TYPE",
        "MATCH (r) RETURN type(r)#INVALID_ARGUMENT_TYPE",
        "MATCH (r) RETURN length(r)#INVALID_ARGUMENT_TYPE",
        "MATCH p = (a)-[*]->(b) RETURN size(p)#INVALID_ARGUMENT_TYPE",
        "MATCH (n) RETURN exists(n.prop + 1)#INVALID_ARGUMENT_EXPRESSION",
        "MATCH (a), (b) MERGE (a)-[NO_COLON]->(b)#NO_SINGLE_RELATIONSHIP_TYPE",
        "CREATE ()-->()#NO_SINGLE_RELATIONSHIP_TYPE",
        "MATCH ()-[r]->() RETURN labels(r)#INVALID_ARGUMENT_TYPE",
        "RETURN foo(1)#UNKNOWN_FUNCTION",
        "RETURN a.b.c(1)#UNKNOWN_FUNCTION",
        "RETURN toUpper()#INVALID_NUMBER_OF_ARGUMENTS",
        "RETURN substring('a', 1, 2, 3)#INVALID_NUMBER_OF_ARGUMENTS",
        "RETURN count(1, 2)#INVALID_NUMBER_OF_ARGUMENTS",
        "RETURN percentileCont(1)#INVALID_NUMBER_OF_ARGUMENTS",
        "MATCH (n $props) RETURN n#INVALID_PARAMETER_USE",
        "MERGE (n:L $props)#INVALID_PARAMETER_USE",
        "CREATE (a)-[:T]-(b)#REQUIRES_DIRECTED_RELATIONSHIP",
        "CREATE (a)<-[:T]->(b)#REQUIRES_DIRECTED_RELATIONSHIP",
        "CREATE (a)-[r]->(b)#NO_SINGLE_RELATIONSHIP_TYPE",
        "CREATE (a)-[:A|B]->(b)#NO_SINGLE_RELATIONSHIP_TYPE",
        "MERGE (a)-[:A|B]->(b)#NO_SINGLE_RELATIONSHIP_TYPE",
        "CREATE (a)-[:T*2]->(b)#CREATING_VAR_LENGTH",
        "MERGE (a)-[:T*]->(b)#CREATING_VAR_LENGTH",
        "MATCH (a)-[r]->(b)-[r]->(c) RETURN r#RELATIONSHIP_UNIQUENESS_VIOLATION",
        "MATCH (a)-[r]->(b), (b)-[r]->(c) RETURN r#RELATIONSHIP_UNIQUENESS_VIOLATION",
        "CREATE (n:Foo)-[:T1]->(), (n:Bar)-[:T2]->()#VARIABLE_ALREADY_BOUND",
        "CREATE ()<-[:T2]-(n {x: 1}), (n {x: 1})<-[:T1]-()#VARIABLE_ALREADY_BOUND",
        "MATCH ()-[r]->() CREATE ()-[r]->()#VARIABLE_ALREADY_BOUND",
        "MATCH (a)-[r]->(b) MERGE (a)-[r]->(b)#VARIABLE_ALREADY_BOUND",
        "MATCH p = (p)-->() RETURN p#VARIABLE_ALREADY_BOUND",
        "MATCH p = ()-[p*]->() RETURN p#VARIABLE_ALREADY_BOUND",
        "MATCH (n) MATCH r = (n)-[*]->() WHERE r.name = 'apa' RETURN r#INVALID_ARGUMENT_TYPE",
        "RETURN count(rand())#NON_CONSTANT_EXPRESSION",
        "MATCH (n) WHERE (n) RETURN n#INVALID_ARGUMENT_TYPE",
        "MATCH (n)-[r]->() WITH r WHERE r RETURN r#INVALID_ARGUMENT_TYPE",
        "MATCH (me)--(you) WITH me.age + you.age, count(*) AS cnt ORDER BY me.age + you.age + count(*) RETURN *#AMBIGUOUS_AGGREGATION_EXPRESSION",
        "MATCH (a) WITH a, a.x AS s WITH a.y AS m, min(s) AS min ORDER BY sum(s) RETURN m#UNDEFINED_VARIABLE",
        "MATCH (a) WITH DISTINCT a.x AS x WHERE a.y = 1 RETURN x#UNDEFINED_VARIABLE",
        "MATCH (a) WITH count(*) AS c WHERE a.x = 1 RETURN c#UNDEFINED_VARIABLE",
        "MATCH (a) WITH a.x AS x WHERE count(a) > 1 RETURN x#INVALID_AGGREGATION",
    })
    void errorKinds(String query, CypherErrorKind kind) {
        CypherSemanticException e = error(query);
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SemanticError");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MATCH (n) RETURN (n)-[]->()", "MATCH (n) WITH (n)-[]->() AS x RETURN x",
        "MATCH (n) SET n.prop = head(nodes(head((n)-[:REL]->()))).foo"})
    void aPatternIsNoValue(String query) {
        CypherSemanticException e = error(query);
        assertThat(e.kind()).isEqualTo(CypherErrorKind.UNEXPECTED_SYNTAX);
        assertThat(e.statusCode()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
    }

    @Test
    void undefinedVariableNamesItAndItsPosition() {
        CypherSemanticException e = error("MATCH (n)\nRETURN n, missing");
        assertThat(e.getMessage()).isEqualTo("Variable `missing` not defined (line 2, column 11 (offset: 20))");
        assertThat(e.position().line()).isEqualTo(2);
        assertThat(e.kind().tckDetail()).isEqualTo("UndefinedVariable");
        assertThat(e.kind().category().tckType()).isEqualTo("SyntaxError");
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThat(error("MATCH (r) RETURN type(r)").getMessage())
                .startsWith("Type mismatch: expected Relationship but was Node (line 1, column 23");
        assertThat(error("RETURN *").getMessage()).startsWith("RETURN * is not allowed when there are no variables in scope");
        assertThat(error("RETURN 1 AS a UNION RETURN 2 AS b").getMessage())
                .contains("same return column names: [a] vs [b]");
        assertThat(error("MATCH (n)-[n]->() RETURN n").getMessage())
                .startsWith("Type mismatch: n defined with conflicting type Node (expected Relationship)");
        assertThat(error("RETURN toUpper()").getMessage())
                .startsWith("Invalid number of arguments to toUpper(): expected 1 but got 0");
        assertThat(error("MATCH (n) RETURN count(*) AS c ORDER BY n.x").getMessage()).startsWith(
                "In a RETURN with DISTINCT or an aggregation, it is not possible to access variables declared before"
                        + " the RETURN: n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MATCH (n) RETURN n.x, count(*) ORDER BY n.x",
        "MATCH (a) WITH a.x AS x WHERE a.y = 1 RETURN x",
        "MATCH (a) WITH DISTINCT a.x AS x WHERE a.x = 1 RETURN x",
        "MATCH (a) OPTIONAL MATCH (a)-[r]->(b) WITH a WHERE r IS NULL RETURN a",
        "MATCH (a) WITH a.x AS x WHERE x = 1 OR a.y = 2 RETURN x",
        "MATCH () WITH * RETURN 1",
        "MATCH () CREATE () WITH * CREATE ()",
        "MATCH (u) WITH {key: u} AS m DELETE m.key",
        "MATCH ()-[r1]->()-[r2]->() WITH [r1, r2] AS rs MATCH (a)-[rs*]->(b) RETURN a",
        "MERGE (n {num: null})",
        "MATCH (n) RETURN size((n)-->()) AS degree, exists((n)-->()) AS linked, (n)-->() AND true AS both",
        "MATCH (n) RETURN n.x AS x, count(*) AS c ORDER BY c DESC, x",
        "MATCH (n) RETURN n.x, n.x + count(*)",
        "MATCH (n) RETURN n, count(*) + 1, collect(n.name)[0]",
        "MATCH (n) WITH n.x AS x, count(*) AS c ORDER BY c DESC RETURN x",
        "MATCH (n) RETURN n ORDER BY n.y",
        "MATCH (n) WITH n AS m ORDER BY n.x RETURN m",
        "MATCH (n) RETURN DISTINCT n.x ORDER BY n.x",
        "MATCH (n) RETURN DISTINCT n.x AS x ORDER BY x",
        "MATCH (n) RETURN count(*) ORDER BY count(*)",
        "MATCH (a) WITH a.num2 % 3 AS mod, sum(a.num + a.num2) AS sum ORDER BY sum(a.num + a.num2) RETURN mod, sum",
        "MATCH (p) WITH avg(p.age) AS avgAge ORDER BY $age + avg(p.age) - 1000 RETURN avgAge",
        "MATCH (me)--(you) WITH me.age AS age, count(you.age) AS cnt ORDER BY age, age + count(you.age) RETURN age",
        "MATCH (me)--(you) WITH me.age AS age, count(you.age) AS cnt ORDER BY me.age + count(you.age) RETURN age",
        "MATCH (me)--(you) RETURN me.age, me.age + count(you.age)",
        "MATCH (a)-[r]->(b) WITH a, r, b, count(*) AS c ORDER BY c MATCH (a)-[r]->(b) RETURN r AS rel ORDER BY rel.id",
        "UNWIND [1, 2] AS x RETURN [y IN range(0, x) | y * x] AS l",
        "WITH 1 AS x RETURN [x IN [2] | x] AS l, x",
        "MATCH p = (a)-->(b) RETURN p, nodes(p)",
        "MATCH (a) MATCH (a)-->(b) RETURN b",
        "MATCH (a)-[r*1..3]->(b) RETURN r",
        "MATCH (a), (b) CREATE (a)-[:T]->(b)",
        "CREATE (a:A)-[:T]->(b:B)-[:T]->(a)",
        "MERGE (a:A {x: 1})-[:T]-(b) ON CREATE SET a.y = 2 ON MATCH SET b.z = 3",
        "MATCH (n) WHERE (n)-->() AND exists((n)<--()) RETURN n",
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WHERE m.x = 1 } RETURN n",
        "MATCH (n) RETURN [(n)-->(m) WHERE m.x > 0 | m.name] AS names",
        "MATCH (n) CALL { WITH n RETURN n.x AS x } RETURN n, x",
        "CALL { RETURN 1 AS one } RETURN one",
        "CALL db.labels() YIELD label RETURN label",
        "CALL db.labels()",
        "CALL db.labels() YIELD label",
        "RETURN 1 AS a UNION DISTINCT RETURN 2 AS a UNION RETURN 3 AS a",
        "MATCH (n) FOREACH (x IN [1, 2] | SET n.x = x CREATE (:Log {v: x}))",
        "MATCH (n)-[r]->() DELETE r, n",
        "MATCH p = (n)-->() DETACH DELETE p, nodes(p)[0], head(relationships(p))",
        "MATCH (n) WITH collect(n) AS ns DETACH DELETE head(ns)",
        "MATCH (n) SET n = {a: 1}, n += $map, n:A, n.b = n.a REMOVE n.b, n:A",
        "RETURN 1 AS x UNION RETURN 2 AS x",
        "RETURN 1 AS x UNION ALL RETURN 2 AS x UNION ALL RETURN 3 AS x",
        "MATCH (n) RETURN n SKIP $s LIMIT $l",
        "RETURN 1 LIMIT 1 + 1",
        "MATCH (n) RETURN n {.a, .b, c: n.x, .*}",
        "MATCH (n) RETURN reduce(acc = 0, x IN n.list | acc + x) AS total",
        "MATCH (n) RETURN all(x IN n.list WHERE x > 0)",
        "WITH [1, 2] AS l UNWIND l AS x RETURN x",
        "MATCH (a)-[:T]->(b) WITH a, count(b) AS degree WHERE degree > 1 RETURN a",
        "MATCH (n) RETURN *, 1 AS one",
        "MATCH (n) WITH *, 1 AS one RETURN *",
        "OPTIONAL MATCH (n) RETURN n",
        "EXPLAIN MATCH (n) RETURN n",
        "CREATE INDEX ON :L(p)",
        "MATCH (n) WHERE n:Person RETURN n",
        "MATCH (n) RETURN CASE n.x WHEN 1 THEN 'a' ELSE 'b' END AS c",
        "MATCH (n) WITH n, n.x AS x ORDER BY x SKIP 1 LIMIT 1 RETURN n",
        "MATCH (n) RETURN count(DISTINCT n.x), percentileCont(n.y, 0.5), stDev(n.z)",
        "MATCH (n) WHERE n.id IN [1, 2] AND NOT n.flag OR null RETURN 1",
        "MATCH ()-[r]->() RETURN type(r), startNode(r)",
        "MATCH p = ()-->() RETURN length(p)",
        "UNWIND [1] AS x RETURN type(x)",
        "MERGE (n {num: 1})",
    })
    void validQueriesPass(String q) {
        assertThatCode(() -> analyze(q)).doesNotThrowAnyException();
    }

    @Test
    void collectsParametersInOrderOfFirstUse() {
        assertThat(analyze("MATCH (n {id: $id}) WHERE n.x > $min RETURN n, $id + $b SKIP $s LIMIT $l").parameters())
                .containsExactly("id", "min", "b", "s", "l");
        assertThat(analyze("RETURN [x IN $list WHERE x > $0 | x] AS l").parameters()).containsExactly("list", "0");
        assertThat(analyze("RETURN 1").parameters()).isEmpty();
    }

    @Test
    void resultColumns() {
        assertThat(analyze("MATCH (b), (a) RETURN *, 1 AS one").columns()).containsExactly("a", "b", "one");
        assertThat(analyze("MATCH (n) RETURN n.name, count(*) AS c").columns()).containsExactly("n.name", "c");
        assertThat(analyze("MATCH (n) WITH n AS m RETURN *").columns()).containsExactly("m");
        assertThat(analyze("CREATE (n)").columns()).isEmpty();
        assertThat(analyze("SHOW INDEX INFO").columns())
                .containsExactly("created index", "index type", "label", "property", "count");
        assertThat(analyze("SHOW CONSTRAINT INFO").columns()).containsExactly("constraint type", "label", "properties",
                "data_type");
        assertThat(analyze("SHOW STORAGE INFO").columns()).containsExactly("server id", "storage info", "value");
        assertThat(analyze("RETURN 1 AS x UNION RETURN 2 AS x").columns()).containsExactly("x");
    }
}
