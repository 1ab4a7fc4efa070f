package io.memgraph.ha.query.engine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db.index.fulltext.queryNodes} matches exactly what set logic says: random small boolean
 * queries (AND, OR, AND NOT, in each of Lucene's spellings: words, symbols, + and - modifiers, the
 * default OR) over random documents of a few words find the documents an oracle that evaluates
 * the query tree on word sets finds.
 */
class FulltextQueryProperties {
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "omega");

    /** A query tree and how it is written. */
    sealed interface Q permits Word, All, Any, Without {}

    record Word(String word) implements Q {}

    record All(List<Q> parts, int spelling) implements Q {}

    record Any(List<Q> parts, int spelling) implements Q {}

    record Without(Q kept, Q dropped, int spelling) implements Q {}

    @Provide
    Arbitrary<Q> queries() {
        return query(3);
    }

    private Arbitrary<Q> query(int depth) {
        Arbitrary<Q> word = Arbitraries.of(WORDS).map(Word::new);
        if (depth == 0) {
            return word;
        }
        Arbitrary<Q> sub = Arbitraries.lazy(() -> query(depth - 1));
        Arbitrary<Integer> spelling = Arbitraries.integers().between(0, 2);
        return Arbitraries.oneOf(word,
                net.jqwik.api.Combinators.combine(sub.list().ofMinSize(2).ofMaxSize(3), spelling).as(All::new),
                net.jqwik.api.Combinators.combine(sub.list().ofMinSize(2).ofMaxSize(3), spelling).as(Any::new),
                net.jqwik.api.Combinators.combine(sub, sub, spelling).as(Without::new));
    }

    @Provide
    Arbitrary<List<Set<String>>> documents() {
        return Arbitraries.of(WORDS).set().ofMinSize(0).ofMaxSize(4).list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150)
    void matchesAreTheOraclesMatches(@ForAll("documents") List<Set<String>> documents, @ForAll("queries") Q query) {
        Db db = new Db();
        db.run("CREATE FULLTEXT INDEX t FOR (n:D) ON EACH [n.text]");
        List<Long> ids = new ArrayList<>();
        for (Set<String> words : documents) {
            ids.add((Long) db.single("CREATE (n:D {text: $t}) RETURN id(n)", "t", String.join(" ", words)));
        }
        Set<Long> expected = new TreeSet<>();
        for (int i = 0; i < documents.size(); i++) {
            if (matches(query, documents.get(i))) {
                expected.add(ids.get(i));
            }
        }
        String written = write(query);
        Set<Long> found = db.values("CALL db.index.fulltext.queryNodes('t', $q) YIELD node RETURN id(node)", "q",
                written).stream().map(r -> (Long) r.get(0)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(found).as(written).isEqualTo(expected);
    }

    private static boolean matches(Q q, Set<String> doc) {
        if (q instanceof Word w) {
            return doc.contains(w.word());
        } else if (q instanceof All a) {
            return a.parts().stream().allMatch(p -> matches(p, doc));
        } else if (q instanceof Any a) {
            return a.parts().stream().anyMatch(p -> matches(p, doc));
        }
        Without w = (Without) q;
        return matches(w.kept(), doc) && !matches(w.dropped(), doc);
    }

    private static String write(Q q) {
        if (q instanceof Word w) {
            return w.word();
        } else if (q instanceof All a) {
            List<String> parts = a.parts().stream().map(FulltextQueryProperties::write).toList();
            return switch (a.spelling()) {
                case 0 -> "(" + String.join(" AND ", parts) + ")";
                case 1 -> "(" + String.join(" && ", parts) + ")";
                default -> "(" + parts.stream().map(p -> "+" + p).collect(Collectors.joining(" ")) + ")";
            };
        } else if (q instanceof Any a) {
            List<String> parts = a.parts().stream().map(FulltextQueryProperties::write).toList();
            return "(" + String.join(a.spelling() == 0 ? " OR " : a.spelling() == 1 ? " || " : " ", parts) + ")";
        }
        Without w = (Without) q;
        String kept = write(w.kept());
        String dropped = write(w.dropped());
        return switch (w.spelling()) {
            case 0 -> "(" + kept + " AND NOT " + dropped + ")";
            case 1 -> "(" + kept + " && !" + dropped + ")";
            default -> "(+" + kept + " -" + dropped + ")";
        };
    }
}
