package io.memgraph.ha.query.fulltext;

import io.memgraph.ha.storage.DerivedIndex;
import io.memgraph.ha.storage.SchemaItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The inverted index of one full-text index: per indexed property (field), a sorted dictionary of
 * terms, each with the sorted ids of the documents holding it, and per field the number of
 * documents and their total length in terms (BM25's statistics).
 *
 * <p>As the property indexes, it is a superset of what any open snapshot sees: when a document's
 * text changes at commit c, the new text's terms are added at once, and the terms only the old
 * text had stay (and the old text stays counted in the statistics, as a deleted but not yet merged
 * document in Lucene) until {@link #horizon} passes c, when no transaction can read the old text.
 * A search takes its postings as candidates and checks each against the text its transaction sees.
 *
 * <p>All changes come from the apply thread, one at a time; searches read concurrently. The text
 * is analysed on the apply thread: a 50-word document takes a few microseconds, about what a
 * property index's upkeep costs, and analysing in place keeps every committed text in the
 * postings the moment it is visible (a background queue would make searches scan what it holds).
 */
public final class InvertedIndex implements DerivedIndex {
    /** One indexed property. */
    static final class Field {
        final String name;
        final ConcurrentSkipListMap<String, PostingList> terms = new ConcurrentSkipListMap<>();
        /** Documents with text in this field (old texts awaiting the horizon too), and their terms. */
        volatile long documents;
        volatile long length;

        Field(String name) {
            this.name = name;
        }
    }

    /** The terms only an older text of a document held, to drop once no snapshot reads it. */
    private static final class Stale {
        final long commit;
        final long id;
        final int field;
        final Set<String> terms;
        final int length;

        Stale(long commit, long id, int field, Set<String> terms, int length) {
            this.commit = commit;
            this.id = id;
            this.field = field;
            this.terms = terms;
            this.length = length;
        }
    }

    private final SchemaItem.FulltextIndex item;
    private final Analyzer analyzer;
    private final Field[] fields;
    /** In commit order (the apply order); apply thread only. */
    private final ArrayDeque<Stale> stale = new ArrayDeque<>();
    private final Map<Long, List<Stale>> staleById = new HashMap<>();
    private volatile boolean closed;
    /** The commit the index was built at (or its first change, if that came first); MAX_VALUE before. */
    private volatile long firstCommit = Long.MAX_VALUE;

    /**
     * An empty index for {@code item}, or null when the item names no properties (Memgraph's text
     * index of every property: the storage engine reports named properties only, so it is scanned).
     */
    public static InvertedIndex of(SchemaItem.FulltextIndex item) {
        return item.properties().isEmpty() ? null : new InvertedIndex(item);
    }

    private InvertedIndex(SchemaItem.FulltextIndex item) {
        this.item = item;
        this.analyzer = Analyzer.named(item.analyzer());
        this.fields = new Field[item.properties().size()];
        for (int f = 0; f < fields.length; f++) {
            fields[f] = new Field(item.properties().get(f));
        }
    }

    /** The full-text index this structure serves. */
    public SchemaItem.FulltextIndex item() {
        return item;
    }

    @Override
    public boolean edges() {
        return item.relationships();
    }

    @Override
    public List<String> labels() {
        return item.labels();
    }

    @Override
    public List<String> properties() {
        return item.properties();
    }

    @Override
    public void changed(long id, Object[] before, Object[] after, long commit) {
        if (closed || Arrays.equals(before, after)) {
            return;
        }
        if (firstCommit == Long.MAX_VALUE) {
            firstCommit = commit;
        }
        for (int f = 0; f < fields.length; f++) {
            Object old = before == null ? null : before[f];
            Object now = after == null ? null : after[f];
            if (before != null && after != null && Objects.equals(old, now)) {
                continue;
            }
            Field field = fields[f];
            List<Analyzer.Token> added = now == null ? List.of() : IndexedText.tokens(analyzer, now);
            Set<String> terms = distinct(added);
            for (String term : terms) {
                field.terms.computeIfAbsent(term, t -> new PostingList()).add(id);
            }
            if (!added.isEmpty()) {
                field.documents++;
                field.length += added.size();
                keep(id, f, terms);
            }
            List<Analyzer.Token> removed = old == null ? List.of() : IndexedText.tokens(analyzer, old);
            if (!removed.isEmpty()) {
                Set<String> only = distinct(removed);
                only.removeAll(terms);
                Stale s = new Stale(commit, id, f, only, removed.size());
                stale.addLast(s);
                staleById.computeIfAbsent(id, k -> new ArrayList<>(2)).add(s);
            }
        }
    }

    /** A newer text holds {@code terms} again: an older text's pending removal must spare them. */
    private void keep(long id, int field, Set<String> terms) {
        List<Stale> pending = staleById.get(id);
        if (pending != null) {
            for (Stale s : pending) {
                if (s.field == field) {
                    s.terms.removeAll(terms);
                }
            }
        }
    }

    private static Set<String> distinct(List<Analyzer.Token> tokens) {
        Set<String> terms = new HashSet<>();
        for (Analyzer.Token t : tokens) {
            terms.add(t.term());
        }
        return terms;
    }

    @Override
    public void built(long commit) {
        if (firstCommit == Long.MAX_VALUE) {
            firstCommit = commit;
        }
    }

    @Override
    public void horizon(long horizon) {
        if (closed || stale.isEmpty() || stale.peekFirst().commit > horizon) {
            return;
        }
        List<Map<String, long[]>> removals = new ArrayList<>();
        for (int f = 0; f < fields.length; f++) {
            removals.add(new HashMap<>());
        }
        while (!stale.isEmpty() && stale.peekFirst().commit <= horizon) {
            Stale s = stale.pollFirst();
            List<Stale> pending = staleById.get(s.id);
            pending.remove(s);
            if (pending.isEmpty()) {
                staleById.remove(s.id);
            }
            Field field = fields[s.field];
            field.documents--;
            field.length -= s.length;
            for (String term : s.terms) {
                // slot 0 holds the count of the ids that follow
                removals.get(s.field).merge(term, new long[] {1, s.id}, InvertedIndex::append);
            }
        }
        for (int f = 0; f < fields.length; f++) {
            for (Map.Entry<String, long[]> e : removals.get(f).entrySet()) {
                PostingList postings = fields[f].terms.get(e.getKey());
                if (postings == null) {
                    continue;
                }
                long[] ids = e.getValue();
                int n = (int) ids[0];
                Arrays.sort(ids, 1, n + 1);
                postings.removeAll(Arrays.copyOfRange(ids, 1, n + 1), n);
                if (postings.size() == 0) {
                    fields[f].terms.remove(e.getKey(), postings);
                }
            }
        }
    }

    private static long[] append(long[] list, long[] one) {
        int n = (int) list[0];
        long[] out = n + 1 < list.length ? list : Arrays.copyOf(list, list.length * 2);
        out[n + 1] = one[1];
        out[0] = n + 1;
        return out;
    }

    @Override
    public void close() {
        closed = true;
        stale.clear();
        staleById.clear();
    }

    /**
     * Whether a transaction reading the snapshot at log index {@code snapshot} may search here: the
     * index is built over the newest state when its item is created, so a reader of an older state
     * may see texts it never held ({@link #built} says from which commit it serves).
     */
    public boolean serves(long snapshot) {
        return !closed && snapshot >= firstCommit;
    }

    /** Whether the index was dropped or replaced: it is not maintained any more. */
    public boolean closed() {
        return closed;
    }

    /** The analyzer the index was built with. */
    public Analyzer analyzer() {
        return analyzer;
    }

    /** The position of the field called {@code name}, or -1 when it is not indexed. */
    int field(String name) {
        for (int f = 0; f < fields.length; f++) {
            if (fields[f].name.equals(name)) {
                return f;
            }
        }
        return -1;
    }

    int fieldCount() {
        return fields.length;
    }

    String fieldName(int f) {
        return fields[f].name;
    }

    /** The postings of {@code term} in field {@code f}; an empty view when no document holds it. */
    PostingList.View postings(int f, String term) {
        PostingList p = fields[f].terms.get(term);
        return p == null ? new PostingList.View(new long[0], 0) : p.view();
    }

    /** Field {@code f}'s terms, sorted. */
    NavigableMap<String, PostingList> terms(int f) {
        return fields[f].terms;
    }

    long documents(int f) {
        return fields[f].documents;
    }

    long length(int f) {
        return fields[f].length;
    }
}
