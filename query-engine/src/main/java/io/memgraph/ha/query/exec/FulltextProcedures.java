package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.exec.Procedures.Field;
import io.memgraph.ha.query.exec.Procedures.Mode;
import io.memgraph.ha.query.exec.Procedures.Procedure;
import io.memgraph.ha.query.fulltext.Analyzer;
import io.memgraph.ha.query.fulltext.Bm25Ranking;
import io.memgraph.ha.query.fulltext.FulltextQuery;
import io.memgraph.ha.query.fulltext.FulltextQueryParser;
import io.memgraph.ha.storage.EdgeRef;
import io.memgraph.ha.storage.SchemaItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.memgraph.ha.query.exec.ApocArguments.described;
import static io.memgraph.ha.query.exec.ApocArguments.failed;
import static io.memgraph.ha.query.exec.ApocArguments.string;

/**
 * The full-text index procedures of Neo4j 5 ({@code db.index.fulltext.queryNodes},
 * {@code queryRelationships}, {@code listAvailableAnalyzers},
 * {@code awaitEventuallyConsistentIndexRefresh}) and of Memgraph ({@code text_search.search},
 * {@code search_all}, {@code regex_search} and their {@code _edges} forms). Every search is an
 * exact search ranked by BM25 ({@link FulltextSearch}: candidates from the index's postings checked
 * in the transaction's snapshot, or a scan).
 */
public final class FulltextProcedures {
    private static final String QUERY_NODES = "db.index.fulltext.queryNodes";
    private static final String QUERY_RELATIONSHIPS = "db.index.fulltext.queryRelationships";
    /** Memgraph writes a property in a query as {@code data.name}. */
    private static final String MEMGRAPH_FIELD_PREFIX = "data.";

    private FulltextProcedures() {
    }

    static void register(Procedures p) {
        neo4jQuery(p, QUERY_NODES, false);
        neo4jQuery(p, QUERY_RELATIONSHIPS, true);
        p.register(new Procedure("db.index.fulltext.listAvailableAnalyzers", List.of(), List.of(
                new Field("analyzer", "STRING"), new Field("description", "STRING"),
                new Field("stopwords", "LIST<STRING>")), Mode.READ,
                "List the analyzers a full-text index can be configured with.", (ctx, a) -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (Analyzer analyzer : Analyzer.values()) {
                        rows.add(new Object[] {analyzer.analyzerName(), analyzer.description(), analyzer.stopWords()});
                    }
                    return rows;
                }));
        p.register(new Procedure("db.index.fulltext.awaitEventuallyConsistentIndexRefresh", List.of(), List.of(),
                Mode.READ, "Returns at once: a full-text search here always reads the data it is run on.",
                (ctx, a) -> List.of()));
        for (boolean edges : new boolean[] {false, true}) {
            String suffix = edges ? "_edges" : "";
            memgraphSearch(p, "text_search.search" + suffix, edges, false,
                    "Search the text index with a query whose properties are written data.name");
            memgraphSearch(p, "text_search.search_all" + suffix, edges, false,
                    "Search every indexed property of the text index");
            memgraphSearch(p, "text_search.regex_search" + suffix, edges, true,
                    "Find the entities of the text index with a term the regular expression matches whole");
        }
    }

    private static void neo4jQuery(Procedures p, String what, boolean edges) {
        String entity = edges ? "relationship" : "node";
        p.register(new Procedure(what, List.of(new Field("indexName", "STRING"), new Field("queryString", "STRING"),
                new Field("options", "MAP", Map.of())), List.of(new Field(entity, edges ? "RELATIONSHIP" : "NODE"),
                new Field("score", "FLOAT")), Mode.READ, "Query the given full-text index: the matching " + entity
                + "s and their BM25 scores, best first (an exact search). Options: skip, limit, analyzer.",
                (ctx, a) -> {
                    SchemaItem.FulltextIndex index = named(ctx, what, a.get(0), edges);
                    String text = string(what, "queryString", a.get(1));
                    Map<?, ?> options = a.get(2) == null ? Map.of() : a.get(2) instanceof Map<?, ?> m ? m : null;
                    if (options == null) {
                        throw failed(what, "options must be a MAP, but was " + described(a.get(2)));
                    }
                    Analyzer analyzer = Analyzer.named(index.analyzer());
                    long skip = 0;
                    long limit = Long.MAX_VALUE;
                    for (Map.Entry<?, ?> e : options.entrySet()) {
                        String key = String.valueOf(e.getKey());
                        switch (key) {
                            case "skip" -> skip = count(what, key, e.getValue());
                            case "limit" -> limit = count(what, key, e.getValue());
                            case "analyzer" -> analyzer = analyzer(what, e.getValue());
                            default -> throw failed(what, "Invalid option '" + key + "': valid options are 'skip',"
                                    + " 'limit' and 'analyzer'");
                        }
                    }
                    return rows(ctx, search(ctx, what, index, parse(what, text, analyzer, null)), edges, skip,
                            limit);
                }));
    }

    private static void memgraphSearch(Procedures p, String what, boolean edges, boolean regex, String description) {
        p.register(new Procedure(what, List.of(new Field("index_name", "STRING"), new Field("search_query", "STRING"),
                new Field("limit", "INTEGER", null)), List.of(new Field(edges ? "edge" : "node",
                edges ? "RELATIONSHIP" : "NODE"), new Field("score", "FLOAT")), Mode.READ, description
                + " (Memgraph's text_search; an exact search ranked by BM25).", (ctx, a) -> {
                    SchemaItem.FulltextIndex index = named(ctx, what, a.get(0), edges);
                    String text = string(what, "search_query", a.get(1));
                    long limit = a.get(2) == null ? Long.MAX_VALUE : count(what, "limit", a.get(2));
                    FulltextQuery query = regex ? new FulltextQuery.Pattern(null, text, true, 1.0)
                            : parse(what, text, Analyzer.named(index.analyzer()), MEMGRAPH_FIELD_PREFIX);
                    return rows(ctx, search(ctx, what, index, query), edges, 0, limit);
                }));
    }

    /** The full-text index a call names, on the entities the procedure queries; Neo4j's errors otherwise. */
    private static SchemaItem.FulltextIndex named(ExecContext ctx, String what, Object argument, boolean edges) {
        String name = string(what, "indexName", argument);
        SchemaItem.FulltextIndex index = FulltextSearch.index(ctx.tx(), name);
        if (index == null) {
            throw failed(what, "There is no such fulltext schema index: " + name);
        }
        if (index.relationships() != edges) {
            throw failed(what, "The full-text index '" + name + "' is on " + (edges ? "nodes" : "relationships")
                    + ", not " + (edges ? "relationships" : "nodes") + ": query it with "
                    + (edges ? QUERY_NODES : QUERY_RELATIONSHIPS) + (what.startsWith("text_search")
                    ? " (or text_search.search" + (edges ? "" : "_edges") + ")" : ""));
        }
        return index;
    }

    private static FulltextQuery parse(String what, String text, Analyzer analyzer, String fieldPrefix) {
        try {
            return FulltextQueryParser.parse(text, analyzer, fieldPrefix);
        } catch (FulltextQueryParser.ParseException e) {
            throw failed(what, e.getMessage());
        }
    }

    private static List<Bm25Ranking.Hit> search(ExecContext ctx, String what, SchemaItem.FulltextIndex index,
                                                FulltextQuery query) {
        try {
            return FulltextSearch.search(ctx, index, query);
        } catch (IllegalArgumentException e) { // a regular expression that does not compile
            throw failed(what, e.getMessage());
        }
    }

    private static Analyzer analyzer(String what, Object value) {
        try {
            return Analyzer.named(string(what, "analyzer", value));
        } catch (IllegalArgumentException e) {
            throw failed(what, e.getMessage());
        }
    }

    private static long count(String what, String key, Object value) {
        if (!(value instanceof Long n) || n < 0) {
            throw failed(what, "'" + key + "' must be an INTEGER of 0 or more, but was " + described(value));
        }
        return n;
    }

    private static List<Object[]> rows(ExecContext ctx, List<Bm25Ranking.Hit> hits, boolean edges, long skip,
                                       long limit) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = (int) Math.min(skip, hits.size()); i < hits.size() && rows.size() < limit; i++) {
            Bm25Ranking.Hit h = hits.get(i);
            if (edges) {
                EdgeRef e = ctx.tx().edge(h.id());
                rows.add(new Object[] {new GraphRelationship(e.id(), e.from(), e.to(), e.type()), h.score()});
            } else {
                rows.add(new Object[] {new GraphNode(h.id()), h.score()});
            }
        }
        return rows;
    }
}
