package io.memgraph.ha.query.parse;

import io.memgraph.ha.query.ast.Clause;
import io.memgraph.ha.query.ast.CypherType;
import io.memgraph.ha.query.ast.Expression;
import io.memgraph.ha.query.ast.Expression.Binary;
import io.memgraph.ha.query.ast.Expression.BinaryOperator;
import io.memgraph.ha.query.ast.Expression.Literal;
import io.memgraph.ha.query.ast.Expression.Variable;
import io.memgraph.ha.query.ast.Pattern;
import io.memgraph.ha.query.ast.Position;
import io.memgraph.ha.query.ast.Projection;
import io.memgraph.ha.query.ast.Query;
import io.memgraph.ha.query.ast.Statement;
import io.memgraph.ha.query.error.CypherSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CypherParserTest {
    private static final Position P = Position.NONE;

    private static Query query(String text) {
        Statement s = CypherParser.parse(text);
        assertThat(s).isInstanceOf(Query.class);
        return (Query) s;
    }

    private static List<Clause> clauses(String text) {
        return query(text).first().clauses();
    }

    private static Expression expr(String text) {
        return CypherParser.parseExpression(text);
    }

    private static Variable v(String name) {
        return new Variable(name, P);
    }

    private static Literal lit(Object o) {
        return new Literal(o, P);
    }

    private static Binary bin(BinaryOperator op, Expression l, Expression r) {
        return new Binary(op, l, r, P);
    }

    @Test
    void matchWithNodeAndRelationshipPattern() {
        List<Clause> cs = clauses("MATCH (a:Person:Admin {name: 'Ann'})-[r:KNOWS|LIKES]->(b) RETURN a, b");
        Clause.Match m = (Clause.Match) cs.get(0);
        assertThat(m.optional()).isFalse();
        Pattern.Element el = m.pattern().parts().get(0).element();
        assertThat(el.start().variable()).isEqualTo("a");
        assertThat(el.start().labels()).containsExactly("Person", "Admin");
        assertThat(el.start().properties()).isEqualTo(new Expression.MapLiteral(
                List.of(new Expression.MapEntry("name", lit("Ann"))), P));
        Pattern.RelationshipPattern r = el.steps().get(0).relationship();
        assertThat(r.variable()).isEqualTo("r");
        assertThat(r.types()).containsExactly("KNOWS", "LIKES");
        assertThat(r.direction()).isEqualTo(Pattern.Direction.OUTGOING);
        assertThat(r.length()).isNull();
        assertThat(el.steps().get(0).node().variable()).isEqualTo("b");
        Clause.Return ret = (Clause.Return) cs.get(1);
        assertThat(ret.projection().items()).extracting(Projection.Item::name).containsExactly("a", "b");
    }

    @Test
    void directions() {
        Pattern.Element el = ((Clause.Match) clauses("MATCH (a)<-[:T]-(b)--(c)<-->(d)-->(e)<--(f) RETURN *").get(0))
                .pattern().parts().get(0).element();
        assertThat(el.steps()).extracting(s -> s.relationship().direction()).containsExactly(
                Pattern.Direction.INCOMING, Pattern.Direction.BOTH, Pattern.Direction.BOTH,
                Pattern.Direction.OUTGOING, Pattern.Direction.INCOMING);
    }

    @Test
    void variableLengthForms() {
        String q = "MATCH (a)-[*]->(b), (a)-[:T*2]->(c), (a)-[r*1..3]->(d), (a)-[*..3]-(e), (a)-[*2..]-(f) RETURN a";
        List<Pattern.Part> parts = ((Clause.Match) clauses(q).get(0)).pattern().parts();
        assertThat(parts).extracting(p -> p.element().steps().get(0).relationship().length()).containsExactly(
                new Pattern.Range(null, null), new Pattern.Range(2L, 2L), new Pattern.Range(1L, 3L),
                new Pattern.Range(null, 3L), new Pattern.Range(2L, null));
    }

    @Test
    void namedPathsAndShortestPath() {
        List<Pattern.Part> parts = ((Clause.Match) clauses(
                "MATCH p = (a)-->(b), q = shortestPath((a)-[*]-(c)) RETURN p, q").get(0)).pattern().parts();
        assertThat(parts.get(0).pathVariable()).isEqualTo("p");
        assertThat(parts.get(1).pathVariable()).isEqualTo("q");
        assertThat(parts.get(1).kind()).isEqualTo(Pattern.PathKind.SHORTEST);
    }

    @Test
    void optionalMatchWhere() {
        Clause.Match m = (Clause.Match) clauses("OPTIONAL MATCH (n) WHERE n.age > 3 RETURN n").get(0);
        assertThat(m.optional()).isTrue();
        assertThat(m.where()).isEqualTo(bin(BinaryOperator.GT, new Expression.Property(v("n"), "age", P), lit(3L)));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(CypherParser.parse("match (n) where n.x = 1 return distinct n order by n.x desc skip 1 limit 2"))
                .isEqualTo(CypherParser.parse("MATCH (n) WHERE n.x = 1 RETURN DISTINCT n ORDER BY n.x DESC SKIP 1 LIMIT 2"));
    }

    @Test
    void projectionParts() {
        Clause.Return r = (Clause.Return) clauses(
                "MATCH (n) RETURN DISTINCT n.name AS name, n.age ORDER BY name ASC, n.age DESCENDING SKIP 5 LIMIT $l")
                .get(1);
        Projection p = r.projection();
        assertThat(p.distinct()).isTrue();
        assertThat(p.items()).extracting(Projection.Item::name).containsExactly("name", "n.age");
        assertThat(p.orderBy()).extracting(Projection.SortItem::ascending).containsExactly(true, false);
        assertThat(p.skip()).isEqualTo(lit(5L));
        assertThat(p.limit()).isEqualTo(new Expression.Parameter("l", P));
    }

    @Test
    void columnTextIsAsWritten() {
        // a lone variable and a map projection are named by their variable, as in Neo4j
        Clause.Return r = (Clause.Return) clauses("RETURN 1 +  2, toUpper( 'a' ), `weird name`, n {.x}, `a b`.c").get(0);
        assertThat(r.projection().items()).extracting(Projection.Item::name)
                .containsExactly("1 +  2", "toUpper( 'a' )", "weird name", "n", "`a b`.c");
    }

    @Test
    void returnStarAndWithStar() {
        Clause.With w = (Clause.With) clauses("MATCH (n) WITH *, 1 AS x WHERE x > 0 RETURN *").get(1);
        assertThat(w.projection().star()).isTrue();
        assertThat(w.projection().items()).hasSize(1);
        assertThat(w.where()).isNotNull();
    }

    @Test
    void unwindCreateMerge() {
        List<Clause> cs = clauses("UNWIND [1, 2] AS x CREATE (n:N {v: x})-[:R]->(m) "
                + "MERGE (a:A {id: x}) ON CREATE SET a.created = true ON MATCH SET a.seen = a.seen + 1, a:Seen");
        assertThat(cs.get(0)).isEqualTo(new Clause.Unwind(
                new Expression.ListLiteral(List.of(lit(1L), lit(2L)), P), "x", P));
        assertThat(cs.get(1)).isInstanceOf(Clause.Create.class);
        Clause.Merge merge = (Clause.Merge) cs.get(2);
        assertThat(merge.actions()).hasSize(2);
        assertThat(merge.actions().get(0).onCreate()).isTrue();
        assertThat(merge.actions().get(1).items()).hasSize(2);
        assertThat(merge.actions().get(1).items().get(1)).isEqualTo(new Clause.SetLabels("a", List.of("Seen"), P));
    }

    @Test
    void setForms() {
        Clause.Set s = (Clause.Set) clauses("MATCH (n) SET n.a = 1, n = {b: 2}, n += {c: 3}, n:X:Y").get(1);
        assertThat(s.items()).containsExactly(
                new Clause.SetProperty(new Expression.Property(v("n"), "a", P), lit(1L), P),
                new Clause.SetVariable("n", new Expression.MapLiteral(
                        List.of(new Expression.MapEntry("b", lit(2L))), P), false, P),
                new Clause.SetVariable("n", new Expression.MapLiteral(
                        List.of(new Expression.MapEntry("c", lit(3L))), P), true, P),
                new Clause.SetLabels("n", List.of("X", "Y"), P));
    }

    @Test
    void removeAndDelete() {
        List<Clause> cs = clauses("MATCH (n)-[r]->() REMOVE n.a, n:L DELETE r DETACH DELETE n");
        assertThat(cs.get(1)).isEqualTo(new Clause.Remove(List.of(
                new Clause.RemoveProperty(new Expression.Property(v("n"), "a", P), P),
                new Clause.RemoveLabels("n", List.of("L"), P)), P));
        assertThat(cs.get(2)).isEqualTo(new Clause.Delete(false, List.of(v("r")), P));
        assertThat(cs.get(3)).isEqualTo(new Clause.Delete(true, List.of(v("n")), P));
    }

    @Test
    void unionAndUnionAll() {
        Query q = query("RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x");
        assertThat(q.parts()).hasSize(3);
        assertThat(q.unions()).extracting(Query.UnionPart::all).containsExactly(false, true);
    }

    @Test
    void foreachAndCall() {
        List<Clause> cs = clauses("MATCH p = (a)-->(b) FOREACH (n IN nodes(p) | SET n.marked = true CREATE (:Log)) "
                + "CALL { WITH a RETURN a.x AS ax } CALL db.labels() YIELD label AS l WHERE l <> 'X' RETURN l, ax");
        Clause.Foreach f = (Clause.Foreach) cs.get(1);
        assertThat(f.variable()).isEqualTo("n");
        assertThat(f.body()).hasSize(2);
        assertThat(cs.get(2)).isInstanceOf(Clause.CallSubquery.class);
        Clause.CallProcedure cp = (Clause.CallProcedure) cs.get(3);
        assertThat(cp.name()).isEqualTo("db.labels");
        assertThat(cp.arguments()).isEmpty();
        assertThat(cp.yields()).containsExactly(new Clause.YieldItem("label", "l", P));
        assertThat(cp.where()).isNotNull();
        Clause.CallProcedure bare = (Clause.CallProcedure) clauses("CALL db.info").get(0);
        assertThat(bare.arguments()).isNull();
    }

    @Test
    void schemaStatements() {
        assertThat(CypherParser.parse("CREATE INDEX ON :Person(name)"))
                .isEqualTo(new Statement.CreateIndex(null, "Person", List.of("name"), false, false, false, P));
        assertThat(CypherParser.parse("CREATE INDEX ON :Person"))
                .isEqualTo(new Statement.CreateIndex(null, "Person", List.of(), false, false, false, P));
        assertThat(CypherParser.parse("drop index on :Person(name)"))
                .isEqualTo(new Statement.DropIndex(null, "Person", List.of("name"), false, P));
        assertThat(CypherParser.parse("CREATE INDEX person_name FOR (n:Person) ON (n.name)"))
                .isEqualTo(new Statement.CreateIndex("person_name", "Person", List.of("name"), false, false, true, P));
        assertThat(CypherParser.parse("CREATE RANGE INDEX IF NOT EXISTS FOR (n:Person) ON (n.a, n.b)"))
                .isEqualTo(new Statement.CreateIndex(null, "Person", List.of("a", "b"), false, true, true, P));
        for (String arrow : List.of("()-[r:KNOWS]-()", "()-[r:KNOWS]->()", "()<-[r:KNOWS]-()")) {
            assertThat(CypherParser.parse("CREATE INDEX k FOR " + arrow + " ON (r.since, r.weight)")).isEqualTo(
                    new Statement.CreateIndex("k", "KNOWS", List.of("since", "weight"), true, false, true, P));
        }
        assertThat(CypherParser.parse("DROP INDEX person_name"))
                .isEqualTo(new Statement.DropIndex("person_name", null, List.of(), false, P));
        assertThat(CypherParser.parse("DROP INDEX person_name IF EXISTS"))
                .isEqualTo(new Statement.DropIndex("person_name", null, List.of(), true, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT ON (n:Person) ASSERT n.email IS UNIQUE"))
                .isEqualTo(new Statement.CreateConstraint(null, null, "n", "Person", false,
                        Statement.ConstraintKind.UNIQUE, List.of("email"), null, false, false, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT ON (n:Person) ASSERT n.a, n.b IS UNIQUE"))
                .isEqualTo(new Statement.CreateConstraint(null, null, "n", "Person", false,
                        Statement.ConstraintKind.UNIQUE, List.of("a", "b"), null, false, false, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT ON (n:Person) ASSERT EXISTS (n.name)"))
                .isEqualTo(new Statement.CreateConstraint(null, null, "n", "Person", false,
                        Statement.ConstraintKind.EXISTS, List.of("name"), null, false, false, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT c IF NOT EXISTS FOR (n:Person) REQUIRE n.name IS NOT NULL"))
                .isEqualTo(new Statement.CreateConstraint("c", null, "n", "Person", false,
                        Statement.ConstraintKind.EXISTS, List.of("name"), null, true, true, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT FOR (n:Person) REQUIRE (n.a, n.b) IS NODE KEY"))
                .isEqualTo(new Statement.CreateConstraint(null, null, "n", "Person", false,
                        Statement.ConstraintKind.NODE_KEY, List.of("a", "b"), null, false, true, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT FOR (n:Person) REQUIRE n.a IS NODE UNIQUE"))
                .isEqualTo(new Statement.CreateConstraint(null, null, "n", "Person", false,
                        Statement.ConstraintKind.UNIQUE, List.of("a"), null, false, true, P));
        assertThat(CypherParser.parse("DROP CONSTRAINT ON (n:Person) ASSERT n.email IS UNIQUE"))
                .isEqualTo(new Statement.DropConstraint(null, "n", "Person", false, Statement.ConstraintKind.UNIQUE,
                        List.of("email"), null, false, P));
        assertThat(CypherParser.parse("DROP CONSTRAINT ON (n:Person) ASSERT EXISTS (n.name)"))
                .isEqualTo(new Statement.DropConstraint(null, "n", "Person", false, Statement.ConstraintKind.EXISTS,
                        List.of("name"), null, false, P));
        assertThat(CypherParser.parse("DROP CONSTRAINT my_constraint"))
                .isEqualTo(new Statement.DropConstraint("my_constraint", null, null, false, null, List.of(), null,
                        false, P));
        assertThat(CypherParser.parse("DROP CONSTRAINT my_constraint IF EXISTS"))
                .isEqualTo(new Statement.DropConstraint("my_constraint", null, null, false, null, List.of(), null,
                        true, P));
        CypherType integer = new CypherType.Simple(CypherType.Base.INTEGER, true);
        for (String typed : List.of("CREATE CONSTRAINT FOR (n:Person) REQUIRE n.age IS :: INT",
                "CREATE CONSTRAINT FOR (n:Person) REQUIRE n.age :: SIGNED INTEGER",
                "CREATE CONSTRAINT FOR (n:Person) REQUIRE (n.age) IS TYPED INTEGER")) {
            assertThat(CypherParser.parse(typed)).as(typed).isEqualTo(new Statement.CreateConstraint(null, null, "n",
                    "Person", false, Statement.ConstraintKind.PROPERTY_TYPE, List.of("age"), integer, false, true, P));
        }
        assertThat(CypherParser.parse("CREATE CONSTRAINT $c IF NOT EXISTS FOR ()<-[r:KNOWS]-() REQUIRE r.since IS :: "
                + "INTEGER | LIST<DATE NOT NULL>")).isEqualTo(new Statement.CreateConstraint(null, "c", "r", "KNOWS",
                true, Statement.ConstraintKind.PROPERTY_TYPE, List.of("since"), new CypherType.Union(List.of(integer,
                new CypherType.ListOf(new CypherType.Simple(CypherType.Base.DATE, false), true))), true, true, P));
        assertThat(CypherParser.parse("DROP CONSTRAINT ON (n:Person) ASSERT n.at IS TYPED ZONEDDATETIME")).isEqualTo(
                new Statement.DropConstraint(null, "n", "Person", false, Statement.ConstraintKind.PROPERTY_TYPE,
                        List.of("at"), new CypherType.Simple(CypherType.Base.ZONED_DATETIME, true), false, P));
        assertThat(CypherParser.parse("CREATE CONSTRAINT ON (n:Person) ASSERT n.tags IS TYPED LIST")).isEqualTo(
                new Statement.CreateConstraint(null, null, "n", "Person", false, Statement.ConstraintKind.PROPERTY_TYPE,
                        List.of("tags"), new CypherType.ListOf(new CypherType.Simple(CypherType.Base.ANY, true), true),
                        false, false, P));
        for (String show : List.of("SHOW INDEXES", "show index", "SHOW ALL INDEXES")) {
            assertThat(CypherParser.parse(show)).isEqualTo(new Statement.ShowIndexes());
        }
        assertThat(CypherParser.parse("SHOW RANGE INDEXES")).isEqualTo(new Statement.ShowIndexes("RANGE", null));
        for (String show : List.of("SHOW CONSTRAINTS", "SHOW CONSTRAINT", "SHOW ALL CONSTRAINTS")) {
            assertThat(CypherParser.parse(show)).isEqualTo(new Statement.ShowConstraints());
        }
        assertThat(CypherParser.parse("SHOW ALL FUNCTIONS")).isEqualTo(new Statement.ShowFunctions());
        assertThat(CypherParser.parse("SHOW INDEX INFO")).isEqualTo(new Statement.ShowIndexInfo());
        assertThat(CypherParser.parse("show constraint info;")).isEqualTo(new Statement.ShowConstraintInfo());
        assertThat(CypherParser.parse("SHOW STORAGE INFO")).isEqualTo(new Statement.ShowStorageInfo());
        assertThat(CypherParser.parse("SHOW RAFT INFO")).isEqualTo(new Statement.ShowRaftInfo());
        assertThat(CypherParser.parse("DUMP DATABASE")).isEqualTo(new Statement.DumpDatabase());
        assertThat(CypherParser.parse("dump database;")).isEqualTo(new Statement.DumpDatabase());
        assertThatThrownBy(() -> CypherParser.parse("DUMP DATABASE mydb")).isInstanceOf(CypherSyntaxException.class);
    }

    @Test
    void explainAndProfile() {
        assertThat(CypherParser.parse("EXPLAIN MATCH (n) RETURN n")).isInstanceOf(Statement.Explain.class);
        assertThat(CypherParser.parse("PROFILE MATCH (n) RETURN n")).isInstanceOf(Statement.Profile.class);
        assertThat(((Statement.Explain) CypherParser.parse("explain RETURN 1")).query())
                .isEqualTo(CypherParser.parse("RETURN 1"));
    }

    @Test
    void createIsNotConfusedWithCreateIndex() {
        assertThat(CypherParser.parse("CREATE (index:Index)")).isInstanceOf(Query.class);
    }

    // ---------------------------------------------------------------- expressions

    @Test
    void precedenceOfBooleanOperators() {
        assertThat(expr("a OR b XOR c AND NOT d")).isEqualTo(bin(BinaryOperator.OR, v("a"),
                bin(BinaryOperator.XOR, v("b"), bin(BinaryOperator.AND, v("c"),
                        new Expression.Unary(Expression.UnaryOperator.NOT, v("d"), P)))));
    }

    @Test
    void precedenceOfArithmetic() {
        assertThat(expr("1 + 2 * 3 ^ 2 - 4 % 3")).isEqualTo(bin(BinaryOperator.SUBTRACT,
                bin(BinaryOperator.ADD, lit(1L), bin(BinaryOperator.MULTIPLY, lit(2L),
                        bin(BinaryOperator.POWER, lit(3L), lit(2L)))),
                bin(BinaryOperator.MODULO, lit(4L), lit(3L))));
        // ^ is left-associative in openCypher.
        assertThat(expr("2 ^ 3 ^ 2")).isEqualTo(bin(BinaryOperator.POWER,
                bin(BinaryOperator.POWER, lit(2L), lit(3L)), lit(2L)));
    }

    @Test
    void comparisonChainsBecomeConjunctions() {
        assertThat(expr("a < b <= c")).isEqualTo(bin(BinaryOperator.AND,
                bin(BinaryOperator.LT, v("a"), v("b")), bin(BinaryOperator.LE, v("b"), v("c"))));
        assertThat(expr("a = b <> c")).isEqualTo(bin(BinaryOperator.AND,
                bin(BinaryOperator.EQ, v("a"), v("b")), bin(BinaryOperator.NE, v("b"), v("c"))));
    }

    @Test
    void stringListAndNullPredicates() {
        assertThat(expr("a STARTS WITH 'x'")).isEqualTo(bin(BinaryOperator.STARTS_WITH, v("a"), lit("x")));
        assertThat(expr("a ends with 'x'")).isEqualTo(bin(BinaryOperator.ENDS_WITH, v("a"), lit("x")));
        assertThat(expr("a CONTAINS 'x'")).isEqualTo(bin(BinaryOperator.CONTAINS, v("a"), lit("x")));
        assertThat(expr("a =~ 'x.*'")).isEqualTo(bin(BinaryOperator.REGEX, v("a"), lit("x.*")));
        assertThat(expr("a IN [1]")).isEqualTo(bin(BinaryOperator.IN, v("a"),
                new Expression.ListLiteral(List.of(lit(1L)), P)));
        assertThat(expr("a IS NULL")).isEqualTo(new Expression.IsNull(v("a"), false, P));
        assertThat(expr("a IS NOT NULL")).isEqualTo(new Expression.IsNull(v("a"), true, P));
        // Predicates bind tighter than comparison, looser than arithmetic.
        assertThat(expr("a + 1 IN b = true")).isEqualTo(bin(BinaryOperator.EQ,
                bin(BinaryOperator.IN, bin(BinaryOperator.ADD, v("a"), lit(1L)), v("b")), lit(true)));
    }

    @Test
    void unaryMinusAndNumbers() {
        assertThat(expr("-x")).isEqualTo(new Expression.Unary(Expression.UnaryOperator.MINUS, v("x"), P));
        assertThat(expr("-9223372036854775808")).isEqualTo(lit(Long.MIN_VALUE));
        assertThat(expr("0x1F")).isEqualTo(lit(31L));
        assertThat(expr("-0x1F")).isEqualTo(lit(-31L));
        assertThat(expr("0o17")).isEqualTo(lit(15L));
        assertThat(expr("017")).isEqualTo(lit(15L));
        assertThat(expr("1.5e3")).isEqualTo(lit(1500.0));
        assertThat(expr(".5")).isEqualTo(lit(0.5));
        assertThat(expr("1E-2")).isEqualTo(lit(0.01));
        assertThat(expr("0")).isEqualTo(lit(0L));
        assertThat(expr("3.0")).isEqualTo(lit(3.0));
    }

    @Test
    void stringEscapesAndQuotes() {
        assertThat(expr("'a\\'b\\\"c\\\\d\\ne\\tf'")).isEqualTo(lit("a'b\"c\\d\ne\tf"));
        assertThat(expr("\"double\"")).isEqualTo(lit("double"));
        assertThat(expr("'\\u00e9\\U0001F600'")).isEqualTo(lit("é\uD83D\uDE00"));
    }

    @Test
    void commentsAreSkipped() {
        assertThat(CypherParser.parse("MATCH (n) // find all\n/* block\n comment */ RETURN n"))
                .isEqualTo(CypherParser.parse("MATCH (n) RETURN n"));
    }

    @Test
    void backtickIdentifiersAndParameters() {
        assertThat(expr("`a b`.`c``d`")).isEqualTo(new Expression.Property(v("a b"), "c`d", P));
        assertThat(expr("$name")).isEqualTo(new Expression.Parameter("name", P));
        assertThat(expr("$0")).isEqualTo(new Expression.Parameter("0", P));
        Clause.Match m = (Clause.Match) clauses("MATCH (`MATCH`:`RETURN`) RETURN `MATCH`").get(0);
        assertThat(m.pattern().parts().get(0).element().start().labels()).containsExactly("RETURN");
    }

    @Test
    void indexingAndSlicing() {
        assertThat(expr("l[0]")).isEqualTo(new Expression.Subscript(v("l"), lit(0L), P));
        assertThat(expr("l[1..3]")).isEqualTo(new Expression.Slice(v("l"), lit(1L), lit(3L), P));
        assertThat(expr("l[..3]")).isEqualTo(new Expression.Slice(v("l"), null, lit(3L), P));
        assertThat(expr("l[1..]")).isEqualTo(new Expression.Slice(v("l"), lit(1L), null, P));
        assertThat(expr("l[-2..-1]")).isEqualTo(new Expression.Slice(v("l"), lit(-2L), lit(-1L), P));
        assertThat(expr("m['k'].x[0]")).isEqualTo(new Expression.Subscript(new Expression.Property(
                new Expression.Subscript(v("m"), lit("k"), P), "x", P), lit(0L), P));
    }

    @Test
    void mapsAndMapProjections() {
        assertThat(expr("{a: 1, `b c`: 'x'}")).isEqualTo(new Expression.MapLiteral(List.of(
                new Expression.MapEntry("a", lit(1L)), new Expression.MapEntry("b c", lit("x"))), P));
        assertThat(expr("{}")).isEqualTo(new Expression.MapLiteral(List.of(), P));
        assertThat(expr("n {.a, .b, c: 1 + 1, d, .*}")).isEqualTo(new Expression.MapProjection("n", List.of(
                new Expression.PropertySelector("a"), new Expression.PropertySelector("b"),
                new Expression.LiteralEntry("c", bin(BinaryOperator.ADD, lit(1L), lit(1L))),
                new Expression.VariableSelector("d"), new Expression.AllPropertiesSelector()), P));
    }

    @Test
    void caseForms() {
        assertThat(expr("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END")).isEqualTo(new Expression.Case(v("x"),
                List.of(new Expression.CaseAlternative(lit(1L), lit("a")),
                        new Expression.CaseAlternative(lit(2L), lit("b"))), lit("c"), P));
        assertThat(expr("case when x > 1 then true end")).isEqualTo(new Expression.Case(null,
                List.of(new Expression.CaseAlternative(bin(BinaryOperator.GT, v("x"), lit(1L)), lit(true))), null, P));
    }

    @Test
    void extendedSimpleCaseTestsTheSubject() {
        Expression subject = new Expression.CaseSubject(P);
        // WHEN a, b THEN r is WHEN a THEN r WHEN b THEN r; an operator applies to the subject
        assertThat(expr("CASE x WHEN 1, < 0 THEN 'a' WHEN IS NULL, IS NOT TYPED INT THEN 'b' END")).isEqualTo(
                new Expression.Case(v("x"), List.of(new Expression.CaseAlternative(lit(1L), lit("a")),
                        new Expression.CaseAlternative(bin(BinaryOperator.LT, subject, lit(0L)), lit("a")),
                        new Expression.CaseAlternative(new Expression.IsNull(subject, false, P), lit("b")),
                        new Expression.CaseAlternative(new Expression.IsType(subject,
                                new CypherType.Simple(CypherType.Base.INTEGER, true), true, P), lit("b"))), null, P));
        // the value after a comparator is an additive expression, so AND stays outside the CASE test
        assertThat(expr("CASE x WHEN <= y + 1 THEN 1 END")).isEqualTo(new Expression.Case(v("x"), List.of(
                new Expression.CaseAlternative(bin(BinaryOperator.LE, subject, bin(BinaryOperator.ADD, v("y"),
                        lit(1L))), lit(1L))), null, P));
    }

    @Test
    void concatenationBindsLikePlus() {
        assertThat(expr("a || b + c")).isEqualTo(bin(BinaryOperator.ADD, bin(BinaryOperator.CONCAT, v("a"), v("b")),
                v("c")));
        assertThat(expr("a + b || c * d")).isEqualTo(bin(BinaryOperator.CONCAT, bin(BinaryOperator.ADD, v("a"), v("b")),
                bin(BinaryOperator.MULTIPLY, v("c"), v("d"))));
        assertThat(expr("a || b = c")).isEqualTo(bin(BinaryOperator.EQ, bin(BinaryOperator.CONCAT, v("a"), v("b")),
                v("c")));
        assertThat(expr("a||b")).isEqualTo(bin(BinaryOperator.CONCAT, v("a"), v("b")));
    }

    @Test
    void typePredicates() {
        CypherType integer = new CypherType.Simple(CypherType.Base.INTEGER, true);
        assertThat(expr("x IS :: INTEGER")).isEqualTo(new Expression.IsType(v("x"), integer, false, P));
        assertThat(expr("x :: INT")).isEqualTo(new Expression.IsType(v("x"), integer, false, P));
        assertThat(expr("x IS TYPED SIGNED INTEGER")).isEqualTo(new Expression.IsType(v("x"), integer, false, P));
        assertThat(expr("x IS NOT :: INTEGER")).isEqualTo(new Expression.IsType(v("x"), integer, true, P));
        assertThat(expr("x IS NOT TYPED INTEGER")).isEqualTo(new Expression.IsType(v("x"), integer, true, P));
        assertThat(expr("x :: LIST<INTEGER NOT NULL> NOT NULL")).isEqualTo(new Expression.IsType(v("x"),
                new CypherType.ListOf(new CypherType.Simple(CypherType.Base.INTEGER, false), false), false, P));
        assertThat(expr("x :: INT | STRING | ANY<FLOAT | BOOL>")).isEqualTo(new Expression.IsType(v("x"),
                new CypherType.Union(List.of(integer, new CypherType.Simple(CypherType.Base.STRING, true),
                        new CypherType.Simple(CypherType.Base.FLOAT, true),
                        new CypherType.Simple(CypherType.Base.BOOLEAN, true))), false, P));
        // a postfix predicate like IS NULL: of the whole additive expression, inside NOT and comparisons
        assertThat(expr("NOT a + 1 :: INT = b")).isEqualTo(new Expression.Unary(Expression.UnaryOperator.NOT,
                bin(BinaryOperator.EQ, new Expression.IsType(bin(BinaryOperator.ADD, v("a"), lit(1L)), integer, false, P),
                        v("b")), P));
    }

    @Test
    void finishOffsetAndStandaloneOrderBySkipLimit() {
        List<Clause> c = clauses("MATCH (n) ORDER BY n.x DESC OFFSET 1 LIMIT 2 SKIP 3 FINISH");
        assertThat(c).hasSize(4);
        Clause.With orderBy = (Clause.With) c.get(1);
        assertThat(orderBy.keyword()).isEqualTo("ORDER BY");
        assertThat(orderBy.standalone()).isTrue();
        assertThat(orderBy.projection()).isEqualTo(new Projection(false, true, List.of(),
                List.of(new Projection.SortItem(new Expression.Property(v("n"), "x", P), false, P)), lit(1L), lit(2L)));
        assertThat(((Clause.With) c.get(2)).keyword()).isEqualTo("SKIP");
        assertThat(((Clause.With) c.get(2)).projection().skip()).isEqualTo(lit(3L));
        assertThat(c.get(3)).isInstanceOf(Clause.Finish.class);
        assertThat(((Clause.Return) clauses("RETURN 1 AS x OFFSET 2").get(0)).projection().skip()).isEqualTo(lit(2L));
        assertThat(((Clause.With) clauses("WITH 1 AS x RETURN x").get(0)).standalone()).isFalse();
    }

    @Test
    void patternComprehensionInlineWhereJoinsItsWhere() {
        Expression.PatternComprehension pc = (Expression.PatternComprehension)
                expr("[(a WHERE a.x > 1)-[r WHERE r.w = 2]->(b) WHERE b.y | b]");
        assertThat(pc.element().start().where()).isNull();
        assertThat(pc.element().steps().get(0).relationship().where()).isNull();
        assertThat(pc.where()).isEqualTo(bin(BinaryOperator.AND, bin(BinaryOperator.AND,
                bin(BinaryOperator.GT, new Expression.Property(v("a"), "x", P), lit(1L)),
                bin(BinaryOperator.EQ, new Expression.Property(v("r"), "w", P), lit(2L))),
                new Expression.Property(v("b"), "y", P)));
    }

    @Test
    void listComprehensionsQuantifiersReduce() {
        assertThat(expr("[x IN l WHERE x > 1 | x * 2]")).isEqualTo(new Expression.ListComprehension("x", v("l"),
                bin(BinaryOperator.GT, v("x"), lit(1L)), bin(BinaryOperator.MULTIPLY, v("x"), lit(2L)), P));
        assertThat(expr("[x IN l]")).isEqualTo(new Expression.ListComprehension("x", v("l"), null, null, P));
        assertThat(expr("all(x IN l WHERE x > 0)")).isEqualTo(new Expression.Quantifier(Expression.QuantifierKind.ALL,
                "x", v("l"), bin(BinaryOperator.GT, v("x"), lit(0L)), P));
        assertThat(expr("single(x IN l WHERE x)")).isInstanceOf(Expression.Quantifier.class);
        assertThat(expr("none(x IN l WHERE x)")).isInstanceOf(Expression.Quantifier.class);
        assertThat(expr("any(x IN l WHERE x)")).isInstanceOf(Expression.Quantifier.class);
        assertThat(expr("reduce(acc = 0, x IN l | acc + x)")).isEqualTo(new Expression.Reduce("acc", lit(0L), "x",
                v("l"), bin(BinaryOperator.ADD, v("acc"), v("x")), P));
    }

    @Test
    void listLiteralWithParenthesisedElementIsNotAPattern() {
        assertThat(expr("[(1 + 2), (a)]")).isEqualTo(new Expression.ListLiteral(List.of(
                bin(BinaryOperator.ADD, lit(1L), lit(2L)), v("a")), P));
    }

    @Test
    void patternsInExpressions() {
        assertThat(expr("(a)-[:KNOWS]->(:Person)")).isInstanceOf(Expression.PatternPredicate.class);
        assertThat(expr("(a)")).isEqualTo(v("a"));
        Expression pc = expr("[p = (a)-->(b) WHERE b.x > 1 | b.name]");
        assertThat(pc).isInstanceOf(Expression.PatternComprehension.class);
        assertThat(((Expression.PatternComprehension) pc).pathVariable()).isEqualTo("p");
        assertThat(expr("[(a)-->(b) | b]")).isInstanceOf(Expression.PatternComprehension.class);
        assertThat(expr("NOT (a)-->()")).isEqualTo(new Expression.Unary(Expression.UnaryOperator.NOT,
                expr("(a)-->()"), P));
        Expression.ExistsSubquery es = (Expression.ExistsSubquery) expr("EXISTS { MATCH (a)-->(b) RETURN b }");
        assertThat(es.query().first().clauses()).hasSize(2);
        Expression.ExistsSubquery es2 = (Expression.ExistsSubquery) expr("exists { (a)-->(b) WHERE b.x = 1 }");
        assertThat(((Clause.Match) es2.query().first().clauses().get(0)).where()).isNotNull();
    }

    @Test
    void functionCalls() {
        assertThat(expr("count(*)")).isEqualTo(new Expression.CountStar(P));
        assertThat(expr("COUNT(DISTINCT x)")).isEqualTo(new Expression.FunctionCall("COUNT", true, List.of(v("x")), P));
        assertThat(expr("a.b.c(1, 2)")).isEqualTo(new Expression.FunctionCall("a.b.c", false,
                List.of(lit(1L), lit(2L)), P));
        assertThat(expr("rand()")).isEqualTo(new Expression.FunctionCall("rand", false, List.of(), P));
        assertThat(expr("exists(n.prop)")).isEqualTo(new Expression.FunctionCall("exists", false,
                List.of(new Expression.Property(v("n"), "prop", P)), P));
        assertThat(((Expression.FunctionCall) expr("toUpper('x')")).lowerName()).isEqualTo("toupper");
    }

    @Test
    void labelPredicates() {
        assertThat(expr("n:A:B")).isEqualTo(new Expression.HasLabels(v("n"), List.of("A", "B"), P));
        assertThat(expr("n:A AND m:B")).isEqualTo(bin(BinaryOperator.AND,
                new Expression.HasLabels(v("n"), List.of("A"), P), new Expression.HasLabels(v("m"), List.of("B"), P)));
    }

    @Test
    void commonKeywordsStillWorkAsVariables() {
        Clause.Return r = (Clause.Return) clauses(
                "MATCH (start)-[r]->(end), (order:Order), (set) RETURN end, order.id, set, count(*) AS count").get(1);
        assertThat(r.projection().items()).extracting(Projection.Item::expression).startsWith(v("end"),
                new Expression.Property(v("order"), "id", P), v("set"));
    }

    @Test
    void literals() {
        assertThat(expr("true")).isEqualTo(lit(true));
        assertThat(expr("FALSE")).isEqualTo(lit(false));
        assertThat(expr("null")).isEqualTo(lit(null));
    }

    @Test
    void positionsAreRecorded() {
        Clause.Return r = (Clause.Return) clauses("MATCH (n)\nRETURN\n  n.x").get(1);
        Position p = r.projection().items().get(0).expression().position();
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(3);
        assertThat(p.offset()).isEqualTo(19);
        assertThat(r.position().line()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MATCH (n) RETURN n",
        "MATCH (n:Person) WHERE n.name STARTS WITH 'A' RETURN n.name ORDER BY n.name LIMIT 10",
        "MATCH (a)-[r:KNOWS*1..2]->(b) RETURN a, count(DISTINCT b) AS friends",
        "MATCH (a), (b) WHERE a.id = 1 AND b.id = 2 CREATE (a)-[:KNOWS {since: 2020}]->(b)",
        "MERGE (n:Person {name: $name}) ON CREATE SET n.created = timestamp() RETURN n",
        "UNWIND range(1, 10) AS i WITH i WHERE i % 2 = 0 RETURN collect(i) AS evens",
        "MATCH (n) WITH n ORDER BY n.age DESC LIMIT 3 RETURN n.name",
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n, type(r), m",
        "MATCH (n) RETURN n.name AS name, CASE WHEN n.age > 18 THEN 'adult' ELSE 'minor' END AS group",
        "RETURN [x IN range(0, 10) WHERE x % 3 = 0 | x ^ 2] AS squares",
        "MATCH (p:Person) RETURN p {.name, friends: [(p)-[:KNOWS]->(f) | f.name]} AS person",
        "MATCH (n) WHERE exists((n)-->()) AND NOT exists { MATCH (n)<--() } RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MATCH p = (a)-[*]->(b) RETURN nodes(p), relationships(p), length(p)",
        "WITH 1 AS a, 'x' AS b RETURN a + 1, b + 'y', [a, b][0], {k: a}.k",
        "RETURN 1 UNION ALL RETURN 2",
        "CALL { MATCH (n) RETURN n } RETURN n",
        "MATCH (n) SET n += $props REMOVE n.tmp RETURN n",
        "RETURN date('2020-01-01') + duration('P1D') AS d",
        "MATCH (a)<-[:R]-(b)-[:S]-(c) RETURN a;",
        "MATCH (n) WHERE n.age :: INTEGER ORDER BY n.age OFFSET 1 LIMIT 1 SET n.x = n.a || n.b FINISH",
        "RETURN CASE $v WHEN IS TYPED LIST<STRING> | STRING THEN 'text' WHEN >= 0, = -1 THEN 'n' END",
    })
    void realisticQueriesParse(String q) {
        assertThatCode(() -> CypherParser.parse(q)).doesNotThrowAnyException();
    }
}
