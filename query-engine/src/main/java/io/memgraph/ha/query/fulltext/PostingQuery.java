package io.memgraph.ha.query.fulltext;

import io.memgraph.ha.query.fulltext.FulltextQuery.Clause;
import io.memgraph.ha.query.fulltext.FulltextQuery.Occur;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A full-text query evaluated over an {@link InvertedIndex}'s postings: the ids of every document
 * some version of which can match, a superset the search narrows by matching each candidate's
 * visible text. Terms are looked up, phrases intersect their terms' postings, fuzzy terms, wildcards
 * and regular expressions walk the sorted dictionary (from the literal prefix of a wildcard), MUST
 * clauses intersect, SHOULD clauses unite, MUST_NOT clauses are left to the check. {@code *:*}
 * cannot be answered from postings ({@link #candidates} is then null). Also the index's BM25
 * statistics for the query.
 */
public final class PostingQuery implements Bm25Ranking.Statistics {
    private static final long[] NONE = new long[0];

    private final InvertedIndex index;
    private final Runnable progress;
    /** Per fuzzy leaf and field, the documents holding any matching term (for its idf). */
    private final Map<FulltextQuery.Leaf, long[]> leafDocs = new HashMap<>();

    /** A query over {@code index}; {@code progress} is called in every loop (time limit, cancellation). */
    public PostingQuery(InvertedIndex index, Runnable progress) {
        this.index = index;
        this.progress = progress;
    }

    /** The candidate ids of {@code query}, ascending and distinct, or null when postings cannot answer it. */
    public long[] candidates(FulltextQuery query) {
        if (query instanceof FulltextQuery.Bool b) {
            return bool(b);
        }
        FulltextQuery.Leaf leaf = (FulltextQuery.Leaf) query;
        if (leaf instanceof FulltextQuery.MatchAll) {
            return null;
        }
        long[] out = NONE;
        for (int f : fields(leaf.field())) {
            out = union(out, leaf(leaf, f));
        }
        return out;
    }

    private long[] bool(FulltextQuery.Bool b) {
        long[] required = null;
        boolean anyRequired = false;
        long[] optional = NONE;
        boolean optionalUnknown = false;
        for (Clause c : b.clauses()) {
            if (c.occur() == Occur.MUST) {
                anyRequired = true;
                long[] ids = candidates(c.query());
                if (ids != null) {
                    required = required == null ? ids : intersect(required, ids);
                }
            }
        }
        if (anyRequired) {
            return required; // null when every MUST clause is unanswerable
        }
        for (Clause c : b.clauses()) {
            if (c.occur() == Occur.SHOULD && !optionalUnknown) {
                long[] ids = candidates(c.query());
                if (ids == null) {
                    optionalUnknown = true;
                } else {
                    optional = union(optional, ids);
                }
            }
        }
        return optionalUnknown ? null : optional; // no MUST or SHOULD clause: nothing matches
    }

    private int[] fields(String name) {
        if (name == null) {
            int[] all = new int[index.fieldCount()];
            Arrays.setAll(all, f -> f);
            return all;
        }
        int f = index.field(name);
        return f < 0 ? new int[0] : new int[] {f};
    }

    private long[] leaf(FulltextQuery.Leaf leaf, int f) {
        progress.run();
        if (leaf instanceof FulltextQuery.Term t) {
            return copy(index.postings(f, t.term()));
        }
        if (leaf instanceof FulltextQuery.Phrase p) {
            long[] out = null;
            for (Analyzer.Token token : p.tokens()) {
                long[] ids = copy(index.postings(f, token.term()));
                out = out == null ? ids : intersect(out, ids);
            }
            return out == null ? NONE : out;
        }
        return matching(leaf, f);
    }

    /** The documents holding in field {@code f} a term a fuzzy, wildcard or regular-expression leaf matches. */
    private long[] matching(FulltextQuery.Leaf leaf, int f) {
        Predicate<String> matcher = TermMatching.matcher(leaf, progress);
        String prefix = leaf instanceof FulltextQuery.Pattern p && !p.regex() ? literalPrefix(p.pattern()) : "";
        List<long[]> lists = new ArrayList<>();
        for (Map.Entry<String, PostingList> e : index.terms(f).tailMap(prefix, true).entrySet()) {
            progress.run();
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (matcher.test(e.getKey())) {
                lists.add(copy(e.getValue().view()));
            }
        }
        long[] out = unionAll(lists);
        if (leaf instanceof FulltextQuery.Fuzzy) {
            leafDocs.computeIfAbsent(leaf, k -> {
                long[] unknown = new long[index.fieldCount()];
                Arrays.fill(unknown, -1);
                return unknown;
            })[f] = out.length;
        }
        return out;
    }

    private static String literalPrefix(String pattern) {
        int i = 0;
        while (i < pattern.length() && pattern.charAt(i) != '*' && pattern.charAt(i) != '?') {
            i++;
        }
        return pattern.substring(0, i);
    }

    @Override
    public long documents(String field) {
        int f = index.field(field);
        return f < 0 ? 0 : index.documents(f);
    }

    @Override
    public long length(String field) {
        int f = index.field(field);
        return f < 0 ? 0 : index.length(f);
    }

    @Override
    public long documentsWith(String field, String term) {
        int f = index.field(field);
        return f < 0 ? 0 : index.postings(f, term).size();
    }

    @Override
    public long documentsMatching(String field, FulltextQuery.Leaf leaf) {
        int f = index.field(field);
        if (f < 0) {
            return 0;
        }
        long[] perField = leafDocs.get(leaf);
        if (perField == null || perField[f] < 0) {
            matching(leaf, f);
            perField = leafDocs.get(leaf);
        }
        return perField[f];
    }

    private static long[] copy(PostingList.View v) {
        return Arrays.copyOf(v.ids(), v.size());
    }

    /** Ascending distinct ids in {@code a} or {@code b}. */
    static long[] union(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            long x = a[i];
            long y = b[j];
            if (x <= y) {
                out[n++] = x;
                i++;
                j += x == y ? 1 : 0;
            } else {
                out[n++] = y;
                j++;
            }
        }
        while (i < a.length) {
            out[n++] = a[i++];
        }
        while (j < b.length) {
            out[n++] = b[j++];
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private long[] unionAll(List<long[]> lists) {
        // pairwise, so each id is copied about log(lists) times
        List<long[]> level = lists;
        while (level.size() > 1) {
            progress.run();
            List<long[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? union(level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.isEmpty() ? NONE : level.get(0);
    }

    /** Ascending ids in both {@code a} and {@code b}. */
    static long[] intersect(long[] a, long[] b) {
        long[] out = new long[Math.min(a.length, b.length)];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                out[n++] = a[i];
                i++;
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
