package io.memgraph.ha.query.eval;

import java.lang.ref.WeakReference;
import java.util.List;

/**
 * {@code x IN l} where {@code l} is a list the query computed ({@code WITH collect(a.i) AS l MATCH
 * (b:B) WHERE b.i IN l}, a list comprehension, a literal, a property), answered from a hash set of
 * the list ({@link ListSet}) when the same list object comes back: every row after the first
 * carries the same list, and a scan of it for each row took time in proportion to rows times
 * elements (16,000 against 16,000: about 460 ms, four times as long at each doubling).
 *
 * <p>Lists are told apart by identity, not by value: hashing a list to find its set would cost what
 * the scan costs. That is right only while a list, once a value of the query, is never changed in
 * place. Audit of query-engine (the evaluator, functions and APOC functions, list comprehensions,
 * {@code +}, collect and the other aggregates, SET of list properties, UNWIND, path and variable-
 * length matching, procedures, the storage conversion): every list is built in a local
 * {@code ArrayList} (or array) and not touched after it is handed out as a value; sorts, reverses
 * and the like work on copies ({@code reverse()}, {@code apoc.coll.sort}, {@code collect} returns a
 * copy of what it keeps); the lists the matchers grow and shrink while they walk are copied
 * ({@code List.copyOf}, {@code PathValue}'s constructor) before a row holds them, and the shortest
 * path searches hand out each path list once, behind {@code Collections.unmodifiableList}, and
 * only read it afterwards; stored lists come from the storage engine unmodifiable
 * ({@code Values.normalize}, {@code ValueCodec}), and SET copies a list before storing it
 * ({@code PropertyValues.toStorage}). No list reachable as a Cypher value was found changed in
 * place. As a guard all the same the size is remembered: a list met again at another size is
 * treated as a new one.
 *
 * <p>Bounds: one instance per query execution (held by its {@link ExpressionEvaluator}, as {@link
 * ParameterLists} is), so nothing outlives the query; lists of {@link ListSet#MIN_SIZE} to {@link
 * ListSet#MAX_SIZE} values; the {@link #ENTRIES} lists met last, held weakly (a list the query has
 * let go of is not kept alive for its set). A set is built the second time its list is met, not the
 * first: a list made anew for each row ({@code UNWIND [[1, 2, ...], [3, 4, ...]] AS l WHERE 1 IN l})
 * is met once and scanned, as before, instead of paying for a set no other row uses. Each set is
 * counted against the query's memory limit while it is held; one that does not fit is not built.
 */
final class ComputedLists {
    /** How many lists are remembered at once. */
    static final int ENTRIES = 4;

    /** A list met before: by identity and its size then; its set once it is met a second time. */
    private static final class Entry {
        final WeakReference<List<?>> list;
        final int size;
        ListSet set;

        Entry(List<?> list) {
            this.list = new WeakReference<>(list);
            this.size = list.size();
        }
    }

    private final GraphAccessor memory;
    /** The lists met last, the most recent first; null slots at the end. */
    private final Entry[] recent = new Entry[ENTRIES];

    /** Sets counted against the query's memory limit through {@code memory}. */
    ComputedLists(GraphAccessor memory) {
        this.memory = memory;
    }

    /** Sets counted against no limit. */
    ComputedLists() {
        this(GraphAccessor.NONE);
    }

    /**
     * {@code element IN list}: {@code TRUE}, {@code FALSE} or null as the scan would answer, or
     * {@link ListSet#SCAN} when the caller must scan.
     */
    synchronized Object in(Object element, List<?> list) {
        if (!ListSet.applies(element, list)) {
            return ListSet.SCAN;
        }
        int i = 0;
        while (i < ENTRIES && (recent[i] == null || recent[i].list.get() != list)) {
            i++;
        }
        if (i == ENTRIES || recent[i].size != list.size()) {
            toFront(i == ENTRIES ? ENTRIES - 1 : i, new Entry(list)); // met for the first time: scanned
            return ListSet.SCAN;
        }
        Entry e = recent[i];
        toFront(i, e);
        if (e.set == null) {
            e.set = ListSet.of(list, memory);
        }
        return e.set.in(element);
    }

    /** Puts {@code e} first, moving the entries before slot {@code i} one on; the one in slot {@code i} goes. */
    private void toFront(int i, Entry e) {
        Entry gone = recent[i];
        if (gone != null && gone != e && gone.set != null) {
            gone.set.release(memory);
        }
        System.arraycopy(recent, 0, recent, 1, i);
        recent[0] = e;
    }
}
