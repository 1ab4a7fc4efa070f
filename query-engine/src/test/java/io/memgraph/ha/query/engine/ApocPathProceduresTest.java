package io.memgraph.ha.query.engine;

import static io.memgraph.ha.query.engine.Db.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.memgraph.ha.query.Execution;
import io.memgraph.ha.query.QueryControl;
import io.memgraph.ha.query.error.CypherException;
import io.memgraph.ha.storage.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * APOC's path expanders on small graphs built here, each node named by a letter ({@code n}): a
 * path is written as its nodes' names run together ({@code "abd"}), in the order the procedure
 * yields them (breadth first unless asked otherwise), so each assertion states APOC's order too.
 */
class ApocPathProceduresTest {
    private final Db db = new Db();

    /** a->b->c->a, all :R, and c-[:S]->d; the relationships are created in that order. */
    private void triangle() {
        db.run("CREATE (a:P {n: 'a'})-[:R]->(b:P {n: 'b'})-[:R]->(c:P {n: 'c'})-[:R]->(a),"
                + " (c)-[:S]->(:Q {n: 'd'})");
    }

    /** a->b, a->c, b->d, c->d, d->a, all :R (two ways from a to d, and back), and d-[:X]->b. */
    private void diamond() {
        db.run("CREATE (a {n: 'a'}), (b {n: 'b'}), (c {n: 'c'}), (d {n: 'd'}),"
                + " (a)-[:R]->(b), (a)-[:R]->(c), (b)-[:R]->(d), (c)-[:R]->(d), (d)-[:R]->(a), (d)-[:X]->(b)");
    }

    /** s:Start -> x:A -> y:B -> z:A:Extra -> w:C, all :R. */
    private void chain() {
        db.run("CREATE (:Start {n: 's'})-[:R]->(:A {n: 'x'})-[:R]->(:B {n: 'y'})-[:R]->(:A:Extra {n: 'z'})"
                + "-[:R]->(:C {n: 'w'})");
    }

    /** The paths {@code call} yields from the node named {@code from} ({@code start} in the call). */
    private List<String> walks(String from, String call) {
        List<String> out = new ArrayList<>();
        for (List<Object> r : db.values("MATCH (start {n: $from}) CALL " + call + " YIELD path"
                + " RETURN reduce(s = '', x IN nodes(path) | s + x.n)", "from", from)) {
            out.add((String) r.get(0));
        }
        return out;
    }

    private List<String> expandConfig(String from, String config) {
        return walks(from, "apoc.path.expandConfig(start, " + config + ")");
    }

    @Test
    void expandFollowsTheRelationshipFilterBetweenTheLevels() {
        triangle();
        assertThat(walks("a", "apoc.path.expand(start, 'R>', null, 0, 2)")).containsExactly("a", "ab", "abc");
        // RELATIONSHIP_PATH: around the cycle once, then a->b would be taken twice
        assertThat(walks("a", "apoc.path.expand(start, 'R>', null, 1, -1)")).containsExactly("ab", "abc", "abca");
        assertThat(walks("a", "apoc.path.expand(start, '<R', null, 1, -1)")).containsExactly("ac", "acb", "acba");
        assertThat(walks("a", "apoc.path.expand(start, 'R', '', 1, -1)"))
                .containsExactly("ab", "ac", "abc", "acb", "abca", "acba");
        assertThat(walks("c", "apoc.path.expand(start, '>', null, 1, 1)")).containsExactly("ca", "cd");
        assertThat(walks("d", "apoc.path.expand(start, '<', null, 1, 1)")).containsExactly("dc");
        assertThat(walks("c", "apoc.path.expand(start, 'S>|<R', null, 1, 1)")).containsExactly("cd", "cb");
        assertThat(walks("c", "apoc.path.expand(start, null, null, 1, 1)")).containsExactly("ca", "cd", "cb");
        assertThat(walks("a", "apoc.path.expand(start, 'R>', null, 2, 3)")).containsExactly("abc", "abca");
        assertThat(db.values("MATCH (a {n: 'a'}) CALL apoc.path.expand(a, 'R>', null, 1, 1) YIELD path"
                + " RETURN length(path), type(relationships(path)[0]), startNode(relationships(path)[0]).n"))
                .containsExactly(row(1L, "R", "a"));
    }

    @Test
    void relationshipSequencesRepeatOneFilterPerHop() {
        triangle();
        assertThat(walks("b", "apoc.path.expand(start, 'R>,S>', null, 1, -1)")).containsExactly("bc", "bcd");
        db.run("CREATE (:T {n: 'p'})-[:T1]->(:T {n: 'q'})-[:T2]->(:T {n: 'r'})-[:T3]->(:T {n: 's'})-[:T2]->"
                + "(:T {n: 't'})-[:T1]->(:T {n: 'u'})");
        assertThat(expandConfig("p", "{relationshipFilter: 'T1>, T2>, T3>', minLevel: 1}"))
                .containsExactly("pq", "pqr", "pqrs");
        // the first filter for the first hop alone, then T2, T3, T2, ...
        assertThat(expandConfig("p", "{relationshipFilter: 'T1>,T2>,T3>', minLevel: 1, beginSequenceAtStart: false}"))
                .containsExactly("pq", "pqr", "pqrs", "pqrst");
    }

    @Test
    void uniquenessModesWalkACycleDifferently() {
        diamond();
        String common = "relationshipFilter: 'R>', maxLevel: 4";
        assertThat(expandConfig("a", "{" + common + "}")).as("RELATIONSHIP_PATH, the default")
                .containsExactly("a", "ab", "ac", "abd", "acd", "abda", "acda", "abdac", "acdab");
        assertThat(expandConfig("a", "{" + common + ", uniqueness: 'NODE_PATH'}"))
                .containsExactly("a", "ab", "ac", "abd", "acd");
        assertThat(expandConfig("a", "{" + common + ", uniqueness: 'NODE_GLOBAL'}"))
                .containsExactly("a", "ab", "ac", "abd");
        assertThat(expandConfig("a", "{" + common + ", uniqueness: 'RELATIONSHIP_GLOBAL'}"))
                .containsExactly("a", "ab", "ac", "abd", "acd", "abda");
        assertThat(expandConfig("a", "{" + common + ", uniqueness: 'NONE'}"))
                .containsExactly("a", "ab", "ac", "abd", "acd", "abda", "acda", "abdab", "abdac", "acdab", "acdac");
    }

    @Test
    void depthFirstOrderAndLimit() {
        diamond();
        assertThat(expandConfig("a", "{relationshipFilter: 'R>', uniqueness: 'NODE_PATH', bfs: false}"))
                .containsExactly("a", "ab", "abd", "ac", "acd");
        assertThat(expandConfig("a", "{relationshipFilter: 'R>', uniqueness: 'NODE_PATH', limit: 3}"))
                .containsExactly("a", "ab", "ac");
        assertThat(expandConfig("a", "{relationshipFilter: 'R>', uniqueness: 'NODE_PATH', limit: 3, bfs: false}"))
                .containsExactly("a", "ab", "abd");
        assertThat(expandConfig("a", "{relationshipFilter: 'R>', limit: 0}")).isEmpty();
    }

    @Test
    void labelFilters() {
        chain();
        String r = "relationshipFilter: 'R>', ";
        assertThat(expandConfig("s", "{" + r + "labelFilter: '+A'}")).as("allowlist; the start node is not filtered")
                .containsExactly("s", "sx");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '-B'}")).as("denylist").containsExactly("s", "sx");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '/B'}")).as("termination").containsExactly("sxy");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '>A'}")).as("end nodes, and on past them")
                .containsExactly("sx", "sxyz");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '>B|>C'}")).containsExactly("sxy", "sxyzw");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '+A|>B|>C'}"))
                .as("an end node need not be allowed to be returned, but the walk goes on only past allowed ones")
                .containsExactly("sxy");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '/A|-A'}")).as("the denylist comes first").isEmpty();
        assertThat(expandConfig("s", "{" + r + "labelFilter: '-C|A'}")).as("A takes the - before it")
                .containsExactly("s");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '/A:Extra'}")).as("both labels")
                .containsExactly("sxyz");
        assertThat(expandConfig("s", "{" + r + "labelFilter: '/*'}")).containsExactly("sx");
        assertThat(walks("s", "apoc.path.expand(start, 'R>', '/A', 1, -1)")).containsExactly("sx");
        assertThat(walks("s", "apoc.path.expand(start, 'R>', '/A', 2, -1)"))
                .as("below minLevel a termination label neither ends nor stops a path").containsExactly("sxyz");
        assertThat(walks("s", "apoc.path.expand(start, 'R>', '+A|/C', 2, -1)"))
                .as("below minLevel a node must still be allowed").isEmpty();
    }

    @Test
    void filterStartNode() {
        chain();
        assertThat(expandConfig("s", "{relationshipFilter: 'R>', labelFilter: '+A', filterStartNode: true}")).isEmpty();
        assertThat(expandConfig("s", "{relationshipFilter: 'R>', labelFilter: '+A|Start', filterStartNode: true}"))
                .containsExactly("s", "sx");
        assertThat(db.values("MATCH (s {n: 's'}) CALL apoc.path.expandConfig(s, {relationshipFilter: 'R>',"
                + " denylistNodes: [s], filterStartNode: true}) YIELD path RETURN path")).isEmpty();
    }

    @Test
    void nodeListsEndTerminateAllowAndDeny() {
        chain();
        String r = "MATCH (x {n: 'x'}), (y {n: 'y'}), (z {n: 'z'}) WITH x, y, z"
                + " MATCH (start {n: 's'}) CALL apoc.path.expandConfig(start, {relationshipFilter: 'R>', ";
        String tail = "}) YIELD path RETURN reduce(s = '', v IN nodes(path) | s + v.n)";
        assertThat(db.values(r + "endNodes: [y]" + tail)).containsExactly(row("sxy"));
        assertThat(db.values(r + "endNodes: [x, z]" + tail)).containsExactly(row("sx"), row("sxyz"));
        assertThat(db.values(r + "terminatorNodes: [x, z]" + tail)).containsExactly(row("sx"));
        assertThat(db.values(r + "terminatorNodes: [x, z], minLevel: 2" + tail)).containsExactly(row("sxyz"));
        assertThat(db.values(r + "allowlistNodes: [x]" + tail)).containsExactly(row("s"), row("sx"));
        assertThat(db.values(r + "whitelistNodes: x" + tail)).containsExactly(row("s"), row("sx"));
        assertThat(db.values(r + "allowlistNodes: [x], endNodes: [y]" + tail)).containsExactly(row("sxy"));
        assertThat(db.values(r + "denylistNodes: [y]" + tail)).containsExactly(row("s"), row("sx"));
        assertThat(db.values(r + "blacklistNodes: [z]" + tail)).containsExactly(row("s"), row("sx"), row("sxy"));
    }

    @Test
    void subgraphProceduresWalkEachNodeOnce() {
        diamond();
        assertThat(db.values("MATCH (a {n: 'a'}) CALL apoc.path.subgraphNodes(a, {relationshipFilter: 'R>'})"
                + " YIELD node RETURN node.n")).containsExactly(row("a"), row("b"), row("c"), row("d"));
        assertThat(db.values("MATCH (a {n: 'a'}) CALL apoc.path.subgraphNodes(a, {relationshipFilter: 'R>',"
                + " minLevel: 1, maxLevel: 1}) YIELD node RETURN node.n")).containsExactly(row("b"), row("c"));
        assertThat(db.values("MATCH (a {n: 'a'}) CALL apoc.path.subgraphNodes(a, {limit: 2, uniqueness:"
                + " 'NODE_GLOBAL'}) YIELD node RETURN node.n")).containsExactly(row("a"), row("b"));
        assertThat(walks("a", "apoc.path.spanningTree(start, {relationshipFilter: 'R>'})"))
                .containsExactly("a", "ab", "ac", "abd");
        // every relationship between the nodes reached, whatever its type: d-[:X]->b too
        assertThat(db.values("MATCH (b {n: 'b'}) CALL apoc.path.subgraphAll(b, {relationshipFilter: 'R>',"
                + " maxLevel: 1}) YIELD nodes, relationships"
                + " RETURN [n IN nodes | n.n], [r IN relationships | startNode(r).n + type(r) + endNode(r).n]"))
                .containsExactly(row(List.of("b", "d"), List.of("bRd", "dXb")));
    }

    @Test
    void optionalYieldsANullRowWhenNothingIsFound() {
        chain();
        String config = "{relationshipFilter: 'R>', minLevel: 1";
        assertThat(expandConfig("w", config + "}")).isEmpty();
        assertThat(expandConfig("w", config + ", optional: true}")).containsExactly((String) null);
        assertThat(db.values("MATCH (w {n: 'w'}) CALL apoc.path.subgraphNodes(w, " + config + ", optional: true})"
                + " YIELD node RETURN node")).containsExactly(row((Object) null));
        assertThat(db.values("MATCH (w {n: 'w'}) CALL apoc.path.subgraphAll(w, " + config + ", optional: true})"
                + " YIELD nodes, relationships RETURN nodes, relationships"))
                .containsExactly(row(List.of(), List.of()));
        assertThat(expandConfig("s", config + ", optional: true}")).containsExactly("sx", "sxy", "sxyz", "sxyzw");
    }

    @Test
    void startNodesAsIdsElementIdsAndLists() {
        triangle();
        assertThat(db.values("MATCH (a {n: 'a'}), (d {n: 'd'}) CALL apoc.path.expand([a, d], '<S|R>', null, 0, 1)"
                + " YIELD path RETURN reduce(s = '', v IN nodes(path) | s + v.n)"))
                .as("every start node's level 0 first, breadth first").containsExactly(row("a"), row("d"), row("ab"),
                        row("dc"));
        assertThat(db.values("MATCH (a {n: 'a'}) CALL apoc.path.expand(id(a), 'R>', null, 1, 1) YIELD path"
                + " RETURN length(path)")).containsExactly(row(1L));
        assertThat(db.values("MATCH (a {n: 'a'}), (c {n: 'c'}) CALL apoc.path.subgraphNodes([elementId(a),"
                + " id(c), null], {maxLevel: 0}) YIELD node RETURN node.n")).containsExactly(row("a"), row("c"));
        assertThat(db.values("CALL apoc.path.expand(null, 'R>', null, 0, 1) YIELD path RETURN path")).isEmpty();
    }

    @Test
    void seesWhatItsTransactionWroteBefore() {
        assertThat(db.values("CREATE (a:T {n: 'p'})-[:R]->(:T {n: 'q'}) WITH a"
                + " CALL apoc.path.expand(a, 'R>', null, 1, 1) YIELD path RETURN [v IN nodes(path) | v.n]"))
                .containsExactly(row(List.of("p", "q")));
        Transaction tx = db.storage.begin();
        try {
            try (Execution e = db.engine.execute(tx, "MATCH (q {n: 'q'}) CREATE (q)-[:R]->(:T {n: 'new'})", Map.of(),
                    QueryControl.unlimited())) {
                e.pull(-1, r -> { });
            }
            List<Object> names = new ArrayList<>();
            try (Execution e = db.engine.execute(tx, "MATCH (p {n: 'p'}) CALL apoc.path.subgraphNodes(p, {})"
                    + " YIELD node RETURN node.n", Map.of(), QueryControl.unlimited())) {
                e.pull(-1, r -> names.add(r[0]));
            }
            assertThat(names).containsExactly("p", "q", "new");
        } finally {
            tx.close();
        }
    }

    @Test
    void aLongChainIsWalkedWithoutTheJavaStack() {
        db.run("UNWIND range(1, 20000) AS i CREATE (:L {i: i})");
        db.run("CREATE INDEX FOR (l:L) ON (l.i)");
        db.run("MATCH (a:L) MATCH (b:L {i: a.i + 1}) CREATE (a)-[:N]->(b)");
        String first = "MATCH (f:L {i: 1}) ";
        assertThat(db.single(first + "CALL apoc.path.subgraphNodes(f, {relationshipFilter: 'N>', bfs: false})"
                + " YIELD node RETURN count(node)")).isEqualTo(20000L);
        assertThat(db.single(first + "CALL apoc.path.subgraphNodes(f, {}) YIELD node RETURN max(node.i)"))
                .isEqualTo(20000L);
        assertThat(db.values(first + "CALL apoc.path.expandConfig(f, {relationshipFilter: 'N>', bfs: false,"
                + " minLevel: 19999}) YIELD path RETURN length(path), last(nodes(path)).i"))
                .containsExactly(row(19999L, 20000L));
    }

    @Test
    void theTimeLimitAndTheMemoryLimitStopAWalkWithoutEnd() {
        Db complete = Db.complete(12);
        // trails that never end a returned path: the walk runs until stopped
        assertThat(complete.failureUnder(new QueryControl(Duration.ofMillis(300), 0), "MATCH (a:K {i: 1})"
                + " CALL apoc.path.expandConfig(a, {labelFilter: '>None', bfs: false}) YIELD path RETURN path"))
                .isEqualTo("Neo.ClientError.Transaction.TransactionTimedOut");
        assertThat(complete.failureUnder(new QueryControl(Duration.ofSeconds(60), 1024 * 1024), "MATCH (a:K {i: 1})"
                + " CALL apoc.path.expandConfig(a, {uniqueness: 'NONE', maxLevel: 8}) YIELD path RETURN count(*)"))
                .isEqualTo("Neo.TransientError.General.MemoryPoolOutOfMemoryError");
    }

    /** The error {@code query} fails with. */
    private CypherException refusal(String query, Object... params) {
        return catchThrowableOfType(CypherException.class, () -> db.run(query, params));
    }

    /** The message of the error expandConfig fails with from node a under {@code config}. */
    private String refusedConfig(String config) {
        return refusal("MATCH (a {n: 'a'}) CALL apoc.path.expandConfig(a, " + config + ") YIELD path RETURN path")
                .getMessage();
    }

    @Test
    void unknownKeysUnsupportedSettingsAndWrongTypesAreRefused() {
        triangle();
        CypherException unknown = refusal("MATCH (a {n: 'a'}) CALL apoc.path.expandConfig(a, {relFilter: 'R>'})"
                + " YIELD path RETURN path");
        assertThat(unknown.statusCode()).isEqualTo("Neo.ClientError.Procedure.ProcedureCallFailed");
        assertThat(unknown.getMessage()).contains("Failed to invoke procedure `apoc.path.expandConfig`",
                "unknown config key `relFilter`");
        CypherException wrongType = refusal("MATCH (a {n: 'a'}) CALL apoc.path.expandConfig(a, {maxLevel: '2'})"
                + " YIELD path RETURN path");
        assertThat(wrongType.statusCode()).isEqualTo("Neo.ClientError.Statement.TypeError");
        assertThat(wrongType.getMessage())
                .contains("apoc.path.expandConfig's `maxLevel` must be an INTEGER but is String");
        assertThat(refusedConfig("{bfs: 'yes'}")).contains("`bfs` must be a BOOLEAN but is String");
        assertThat(refusedConfig("{relationshipFilter: ['R>']}"))
                .contains("`relationshipFilter` must be a STRING but is List");
        assertThat(refusedConfig("{endNodes: [1.5]}")).contains("for `endNodes` but got Float");
        assertThat(refusedConfig("{sequence: 'P, R>'}")).contains("the config key `sequence` is not supported");
        assertThat(refusedConfig("{uniqueness: 'NODE_LEVEL'}")).contains("uniqueness NODE_LEVEL is not supported");
        assertThat(refusedConfig("{uniqueness: 'NODES'}")).contains("'NODES' is not a uniqueness");
        assertThat(refusedConfig("{labelFilter: '+P,+Q'}")).contains("label sequences are not supported");
        assertThat(refusedConfig("{labelFilter: '+P|-'}")).contains("has an entry without a label ('-')");
        assertThat(refusedConfig("{relationshipFilter: '<R>'}")).contains("'<R>', which names both directions");
        assertThat(refusedConfig("'R>'")).contains("expects a MAP of settings for `config` but got String");
        assertThat(refusal("MATCH (a {n: 'a'}) CALL apoc.path.subgraphNodes(a, {uniqueness: 'RELATIONSHIP_PATH'})"
                + " YIELD node RETURN node")).hasMessageContaining("always walks with uniqueness NODE_GLOBAL");
        assertThat(refusal("MATCH (a {n: 'a'}) CALL apoc.path.spanningTree(a, {minLevel: 2}) YIELD path RETURN path"))
                .hasMessageContaining("minLevel must be 0 or 1");
        assertThat(refusal("CALL apoc.path.expand('a', 'R>', null, 0, 1) YIELD path RETURN path"))
                .hasMessageContaining("expects a Node, a node id or an element id for `startNode` but got String");
        assertThat(refusal("CALL apoc.path.expand(424242, 'R>', null, 0, 1) YIELD path RETURN path"))
                .hasMessageContaining("node 424242 does not exist");
        // a literal of the wrong type is refused when planned; a parameter when the call runs
        assertThat(refusal("MATCH (a {n: 'a'}) CALL apoc.path.expand(a, 'R>', null, '0', 1) YIELD path RETURN path"))
                .hasMessageContaining("(minLevel) of apoc.path.expand expects INTEGER");
        assertThat(refusal("MATCH (a {n: 'a'}) CALL apoc.path.expand(a, 'R>', null, $min, 1) YIELD path RETURN path",
                "min", "0")).hasMessageContaining("apoc.path.expand's `minLevel` must be an INTEGER but is String");
    }

    @Test
    void showProceduresListsThem() {
        assertThat(db.values("SHOW PROCEDURES YIELD name, mode WHERE name STARTS WITH 'apoc.path.'"
                + " RETURN name, mode")).containsExactly(row("apoc.path.expand", "READ"),
                        row("apoc.path.expandConfig", "READ"), row("apoc.path.spanningTree", "READ"),
                        row("apoc.path.subgraphAll", "READ"), row("apoc.path.subgraphNodes", "READ"));
        assertThat(db.single("SHOW PROCEDURES YIELD name, signature WHERE name = 'apoc.path.expand' RETURN signature"))
                .isEqualTo("apoc.path.expand(startNode :: ANY, relationshipFilter :: STRING, labelFilter :: STRING,"
                        + " minLevel :: INTEGER, maxLevel :: INTEGER) :: (path :: PATH)");
        assertThat(db.single("SHOW PROCEDURES YIELD name, signature WHERE name = 'apoc.path.subgraphAll'"
                + " RETURN signature")).isEqualTo("apoc.path.subgraphAll(startNode :: ANY, config :: MAP)"
                        + " :: (nodes :: LIST<NODE>, relationships :: LIST<RELATIONSHIP>)");
    }
}
