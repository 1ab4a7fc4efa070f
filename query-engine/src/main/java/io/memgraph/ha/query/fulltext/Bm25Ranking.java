package io.memgraph.ha.query.fulltext;

import io.memgraph.ha.query.fulltext.FulltextQuery.Clause;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Matches a query against documents added one by one and ranks the matches by BM25 (k1 1.2, b
 * 0.75, Lucene's defaults) with statistics over every document added: per field, the number of
 * documents with it, their average length in terms, and the documents holding each query term.
 * A term scores {@code idf · tf / (tf + k1 · (1 - b + b · length / average))} with
 * {@code idf = ln(1 + (N - df + 0.5) / (df + 0.5))}; a phrase scores its frequency with the sum of
 * its terms' idf; a fuzzy term the frequency of its matching terms with the idf of the documents
 * holding any of them; wildcards, regular expressions and {@code *:*} a constant. A leaf with no
 * field sums its score over the fields; a boolean query sums its matching clauses; boosts
 * multiply. Only the matching documents are held, for scoring once the statistics are complete.
 *
 * <p>The statistics are those of the documents {@link #add added}, plus a base ({@link
 * Statistics}): an inverted index's counts, when its candidates are only {@link #match matched}.
 */
public final class Bm25Ranking {
    private static final double K1 = 1.2;
    private static final double B = 0.75;
    /** Higher score first, then lower id. */
    public static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::score).reversed()
            .thenComparingLong(Hit::id);

    /** Statistics of documents the ranking is not given, per field (an inverted index's). */
    public interface Statistics {
        /** None: every statistic comes from the documents added. */
        Statistics NONE = new Statistics() {
            @Override
            public long documents(String field) {
                return 0;
            }

            @Override
            public long length(String field) {
                return 0;
            }

            @Override
            public long documentsWith(String field, String term) {
                return 0;
            }

            @Override
            public long documentsMatching(String field, FulltextQuery.Leaf leaf) {
                return 0;
            }
        };

        /** Documents with text in {@code field}. */
        long documents(String field);

        /** Their total length in terms. */
        long length(String field);

        /** Documents holding {@code term} in {@code field}. */
        long documentsWith(String field, String term);

        /** Documents holding in {@code field} any term a fuzzy {@code leaf} matches. */
        long documentsMatching(String field, FulltextQuery.Leaf leaf);
    }

    /** A matching entity and its score. */
    public record Hit(long id, double score) {}

    /** One field of a held document: its length and the frequency of each leaf in it. */
    private record FieldFrequencies(String field, int length, double[] freq) {}

    private record Held(long id, List<FieldFrequencies> fields) {}

    private static final class FieldStats {
        long docs;
        long length;
        final Map<String, Long> termDocs = new HashMap<>();
        long[] leafDocs;
    }

    private final FulltextQuery query;
    private final Statistics base;
    private final List<FulltextQuery.Leaf> leaves = new ArrayList<>();
    private final Map<FulltextQuery.Leaf, Integer> leafIndex = new HashMap<>();
    private final Map<String, FieldStats> stats = new LinkedHashMap<>();
    private final List<Held> held = new ArrayList<>();
    /** The exact terms term and phrase leaves score with, whose documents are counted. */
    private final Set<String> scoredTerms = new HashSet<>();
    /** Per leaf, which terms it matches (null for terms and phrases, which are looked up). */
    private final List<Predicate<String>> matchers = new ArrayList<>();
    /** No fuzzy, wildcard or regular-expression leaf: only the query's own terms need counting in a document. */
    private final boolean termsOnly;
    /** While {@link #hits} scores: per field, each leaf's idf (NaN until computed); the statistics are final then. */
    private final Map<String, double[]> idfs = new HashMap<>();

    /**
     * A ranking for {@code query}; {@code progress} is called now and then while a regular
     * expression matches a term (the query's time limit and cancellation: a pattern can backtrack
     * for hours on one term).
     */
    public Bm25Ranking(FulltextQuery query, Runnable progress) {
        this(query, progress, Statistics.NONE);
    }

    /** As {@link #Bm25Ranking(FulltextQuery, Runnable)}, with {@code base}'s statistics added to the documents'. */
    public Bm25Ranking(FulltextQuery query, Runnable progress, Statistics base) {
        this.query = query;
        this.base = base;
        collect(query);
        for (FulltextQuery.Leaf leaf : leaves) {
            if (leaf instanceof FulltextQuery.Term t) {
                scoredTerms.add(t.term());
            } else if (leaf instanceof FulltextQuery.Phrase p) {
                p.tokens().forEach(token -> scoredTerms.add(token.term()));
            }
            matchers.add(TermMatching.matcher(leaf, progress));
        }
        termsOnly = matchers.stream().allMatch(java.util.Objects::isNull);
    }

    private void collect(FulltextQuery q) {
        if (q instanceof FulltextQuery.Bool b) {
            for (Clause c : b.clauses()) {
                collect(c.query());
            }
        } else if (q instanceof FulltextQuery.Leaf leaf && !leafIndex.containsKey(leaf)) {
            leafIndex.put(leaf, leaves.size());
            leaves.add(leaf);
        }
    }

    /**
     * Adds a document of the index: its fields' terms (fields with none left out). Returns the bytes
     * it holds when it matches (for the caller to count against a memory limit), else 0.
     */
    public long add(long id, Map<String, List<Analyzer.Token>> document) {
        return take(id, document, true);
    }

    /**
     * As {@link #add}, but the document is not counted in the statistics: the base counts it
     * already (a candidate of an inverted index).
     */
    public long match(long id, Map<String, List<Analyzer.Token>> document) {
        return take(id, document, false);
    }

    private long take(long id, Map<String, List<Analyzer.Token>> document, boolean counted) {
        List<FieldFrequencies> fields = new ArrayList<>(document.size());
        for (Map.Entry<String, List<Analyzer.Token>> e : document.entrySet()) {
            List<Analyzer.Token> tokens = e.getValue();
            FieldStats s = stats.computeIfAbsent(e.getKey(), k -> new FieldStats());
            if (s.leafDocs == null) {
                s.leafDocs = new long[leaves.size()];
            }
            Map<String, Integer> counts = new HashMap<>(termsOnly ? 16 : tokens.size() * 2);
            for (Analyzer.Token t : tokens) {
                if (!termsOnly || scoredTerms.contains(t.term())) {
                    counts.merge(t.term(), 1, Integer::sum);
                }
            }
            if (counted) {
                s.docs++;
                s.length += tokens.size();
                for (String term : scoredTerms) {
                    if (counts.containsKey(term)) {
                        s.termDocs.merge(term, 1L, Long::sum);
                    }
                }
            }
            double[] freq = new double[leaves.size()];
            boolean any = false;
            for (int l = 0; l < leaves.size(); l++) {
                FulltextQuery.Leaf leaf = leaves.get(l);
                if (leaf.field() == null || leaf.field().equals(e.getKey())) {
                    freq[l] = TermMatching.frequency(leaf, matchers.get(l), tokens, counts);
                    if (freq[l] > 0) {
                        s.leafDocs[l] += counted ? 1 : 0;
                        any = true;
                    }
                }
            }
            if (any) {
                fields.add(new FieldFrequencies(e.getKey(), tokens.size(), freq));
            }
        }
        if (document.isEmpty()) {
            return 0;
        }
        Held doc = new Held(id, fields);
        if (Double.isNaN(evaluate(query, doc, false))) {
            return 0;
        }
        held.add(doc);
        return 48 + fields.size() * (48L + 8L * leaves.size());
    }

    /** The matching documents, scored, best first (ties to the lower id). */
    public List<Hit> hits() {
        idfs.clear();
        List<Hit> hits = new ArrayList<>(held.size());
        for (Held doc : held) {
            hits.add(new Hit(doc.id(), evaluate(query, doc, true)));
        }
        hits.sort(BEST_FIRST);
        return hits;
    }

    /** The score of {@code q} on a document (0 for any match when not {@code scoring}), or NaN when it does not match. */
    private double evaluate(FulltextQuery q, Held doc, boolean scoring) {
        if (q instanceof FulltextQuery.Bool b) {
            double sum = 0;
            boolean required = false;
            boolean optional = false;
            for (Clause c : b.clauses()) {
                double v = evaluate(c.query(), doc, scoring);
                switch (c.occur()) {
                    case MUST -> {
                        if (Double.isNaN(v)) {
                            return Double.NaN;
                        }
                        required = true;
                        sum += v;
                    }
                    case MUST_NOT -> {
                        if (!Double.isNaN(v)) {
                            return Double.NaN;
                        }
                    }
                    case SHOULD -> {
                        if (!Double.isNaN(v)) {
                            optional = true;
                            sum += v;
                        }
                    }
                }
            }
            return required || optional ? sum * b.boost() : Double.NaN;
        }
        FulltextQuery.Leaf leaf = (FulltextQuery.Leaf) q;
        if (leaf instanceof FulltextQuery.MatchAll all) {
            return scoring ? all.boost() : 0;
        }
        int l = leafIndex.get(leaf);
        double sum = 0;
        boolean matched = false;
        for (FieldFrequencies f : doc.fields()) {
            if (f.freq()[l] > 0) {
                matched = true;
                sum += scoring ? score(leaf, l, f) : 0;
            }
        }
        return matched ? sum : Double.NaN;
    }

    private double score(FulltextQuery.Leaf leaf, int l, FieldFrequencies f) {
        if (leaf instanceof FulltextQuery.Pattern p) {
            return p.boost();
        }
        String field = f.field();
        FieldStats s = stats.get(field);
        // a matched field is counted here or in the base; at least one document keeps a bad base harmless
        long docs = Math.max(1, s.docs + base.documents(field));
        double[] known = idfs.computeIfAbsent(field, k -> {
            double[] none = new double[leaves.size() + 1];
            java.util.Arrays.fill(none, Double.NaN);
            return none;
        });
        double idf = known[l];
        if (Double.isNaN(idf)) {
            if (leaf instanceof FulltextQuery.Term t) {
                idf = idf(termDocs(s, field, t.term()), docs);
            } else if (leaf instanceof FulltextQuery.Phrase p) {
                idf = 0;
                for (Analyzer.Token token : p.tokens()) {
                    idf += idf(termDocs(s, field, token.term()), docs);
                }
            } else {
                idf = idf(s.leafDocs[l] + base.documentsMatching(field, leaf), docs);
            }
            known[l] = idf;
        }
        if (Double.isNaN(known[leaves.size()])) {
            long length = s.length + base.length(field);
            known[leaves.size()] = length > 0 ? (double) length / docs : Double.NaN;
        }
        double average = Double.isNaN(known[leaves.size()]) ? f.length() : known[leaves.size()];
        double tf = f.freq()[l];
        return leaf.boost() * idf * tf / (tf + K1 * (1 - B + B * f.length() / average));
    }

    private long termDocs(FieldStats s, String field, String term) {
        return s.termDocs.getOrDefault(term, 0L) + base.documentsWith(field, term);
    }

    private static double idf(long df, long docs) {
        return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }
}
