package io.memgraph.ha.query.fulltext;

import io.memgraph.ha.query.fulltext.FulltextQuery.Clause;
import io.memgraph.ha.query.fulltext.FulltextQuery.Occur;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * A full-text query evaluated over an {@link InvertedIndex}'s postings: the ids of every document
 * some version of which can match, a superset the search narrows by matching each candidate's
 * visible text. Terms are looked up, phrases intersect their terms' postings, fuzzy terms, wildcards
 * and regular expressions walk the sorted dictionary (from the literal prefix of a wildcard), MUST
 * clauses intersect, SHOULD clauses unite, MUST_NOT clauses are left to the check. {@code *:*}
 * cannot be answered from postings ({@link #candidates} is then null). Also the index's BM25
 * statistics for the query. Posting lists are read in place (a reader's view never changes); the
 * arrays unions and intersections allocate are reported, for the query's memory limit.
 */
public final class PostingQuery implements Bm25Ranking.Statistics {
    private static final PostingList.View NONE = new PostingList.View(new long[0], 0);

    private final InvertedIndex index;
    private final Runnable progress;
    private final LongConsumer allocated;
    /** Per fuzzy leaf and field, the documents holding any matching term (for its idf); -1 not counted yet. */
    private final Map<FulltextQuery.Leaf, long[]> leafDocs = new HashMap<>();

    /**
     * A query over {@code index}; {@code progress} is called in every loop (time limit, cancellation),
     * {@code allocated} with the bytes of each array of ids it makes.
     */
    public PostingQuery(InvertedIndex index, Runnable progress, LongConsumer allocated) {
        this.index = index;
        this.progress = progress;
        this.allocated = allocated;
    }

    /** The candidate ids of {@code query}, ascending and distinct, or null when postings cannot answer it. */
    public long[] candidates(FulltextQuery query) {
        PostingList.View v = evaluate(query);
        if (v == null) {
            return null;
        }
        // a full array is never written again (the writer grows a copy), so it can be given as it is
        return v.size() == v.ids().length ? v.ids() : Arrays.copyOf(v.ids(), v.size());
    }

    private PostingList.View evaluate(FulltextQuery query) {
        if (query instanceof FulltextQuery.Bool b) {
            return bool(b);
        }
        FulltextQuery.Leaf leaf = (FulltextQuery.Leaf) query;
        if (leaf instanceof FulltextQuery.MatchAll) {
            return null;
        }
        PostingList.View out = NONE;
        for (int f : fields(leaf.field())) {
            out = union(out, leaf(leaf, f));
        }
        return out;
    }

    private PostingList.View bool(FulltextQuery.Bool b) {
        PostingList.View required = null;
        boolean anyRequired = false;
        for (Clause c : b.clauses()) {
            if (c.occur() == Occur.MUST) {
                anyRequired = true;
                PostingList.View ids = evaluate(c.query());
                if (ids != null) {
                    required = required == null ? ids : intersect(required, ids);
                }
            }
        }
        if (anyRequired) {
            return required; // null when every MUST clause is unanswerable
        }
        PostingList.View optional = NONE;
        for (Clause c : b.clauses()) {
            if (c.occur() == Occur.SHOULD) {
                PostingList.View ids = evaluate(c.query());
                if (ids == null) {
                    return null;
                }
                optional = union(optional, ids);
            }
        }
        return optional; // no MUST or SHOULD clause: nothing matches
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

    private PostingList.View leaf(FulltextQuery.Leaf leaf, int f) {
        progress.run();
        if (leaf instanceof FulltextQuery.Term t) {
            return index.postings(f, t.term());
        }
        if (leaf instanceof FulltextQuery.Phrase p) {
            PostingList.View out = null;
            for (Analyzer.Token token : p.tokens()) {
                PostingList.View ids = index.postings(f, token.term());
                out = out == null ? ids : intersect(out, ids);
            }
            return out == null ? NONE : out;
        }
        return matching(leaf, f);
    }

    /** The documents holding in field {@code f} a term a fuzzy, wildcard or regular-expression leaf matches. */
    private PostingList.View matching(FulltextQuery.Leaf leaf, int f) {
        Predicate<String> matcher = TermMatching.matcher(leaf, progress);
        String prefix = leaf instanceof FulltextQuery.Pattern p && !p.regex() ? literalPrefix(p.pattern()) : "";
        List<PostingList.View> lists = new ArrayList<>();
        for (Map.Entry<String, PostingList> e : index.terms(f).tailMap(prefix, true).entrySet()) {
            progress.run();
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (matcher.test(e.getKey())) {
                lists.add(e.getValue().view());
            }
        }
        PostingList.View out = unionAll(lists);
        if (leaf instanceof FulltextQuery.Fuzzy) {
            leafDocs.computeIfAbsent(leaf, k -> {
                long[] unknown = new long[index.fieldCount()];
                Arrays.fill(unknown, -1);
                return unknown;
            })[f] = out.size();
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

    private long[] allocate(int n) {
        allocated.accept(16 + 8L * n);
        return new long[n];
    }

    /** Ascending distinct ids in {@code a} or {@code b}. */
    private PostingList.View union(PostingList.View a, PostingList.View b) {
        if (a.size() == 0) {
            return b;
        }
        if (b.size() == 0) {
            return a;
        }
        long[] x = a.ids();
        long[] y = b.ids();
        long[] out = allocate(a.size() + b.size());
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.size() && j < b.size()) {
            if (x[i] < y[j]) {
                out[n++] = x[i++];
            } else if (x[i] > y[j]) {
                out[n++] = y[j++];
            } else {
                out[n++] = x[i++];
                j++;
            }
        }
        while (i < a.size()) {
            out[n++] = x[i++];
        }
        while (j < b.size()) {
            out[n++] = y[j++];
        }
        return new PostingList.View(out, n);
    }

    private PostingList.View unionAll(List<PostingList.View> lists) {
        // pairwise, so each id is copied about log(lists) times
        List<PostingList.View> level = lists;
        while (level.size() > 1) {
            progress.run();
            List<PostingList.View> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? union(level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.isEmpty() ? NONE : level.get(0);
    }

    /** Ascending ids in both {@code a} and {@code b}. */
    private PostingList.View intersect(PostingList.View a, PostingList.View b) {
        long[] x = a.ids();
        long[] y = b.ids();
        long[] out = allocate(Math.min(a.size(), b.size()));
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.size() && j < b.size()) {
            if (x[i] < y[j]) {
                i++;
            } else if (x[i] > y[j]) {
                j++;
            } else {
                out[n++] = x[i];
                i++;
                j++;
            }
        }
        return new PostingList.View(out, n);
    }
}
