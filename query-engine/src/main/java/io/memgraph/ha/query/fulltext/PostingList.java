package io.memgraph.ha.query.fulltext;

import java.util.Arrays;

/**
 * The ids of the documents holding one term of one field, sorted and distinct, changed by one
 * writer (the apply thread) while any number of searches read it. A reader takes {@link #ids()}
 * and {@link #size()} from one published {@link View}: the writer appends an id above the last in
 * place (readers of the old view never look past its size) and copies the array for anything else.
 */
final class PostingList {
    /** What a reader sees: the first {@code size} entries of {@code ids}. */
    record View(long[] ids, int size) {}

    private static final View EMPTY = new View(new long[0], 0);

    private volatile View view = EMPTY;

    /** The current view; its array is never changed below its size. */
    View view() {
        return view;
    }

    /** How many ids. */
    int size() {
        return view.size();
    }

    /** Adds {@code id} (writer only); nothing when it is there already. */
    void add(long id) {
        View v = view;
        int n = v.size();
        if (n == 0 || v.ids()[n - 1] < id) {
            long[] ids = v.ids();
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, Math.max(4, n + (n >> 1)));
            }
            ids[n] = id;
            view = new View(ids, n + 1);
            return;
        }
        int at = Arrays.binarySearch(v.ids(), 0, n, id);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        long[] ids = new long[Math.max(4, n + 1 + (n >> 3))];
        System.arraycopy(v.ids(), 0, ids, 0, insert);
        ids[insert] = id;
        System.arraycopy(v.ids(), insert, ids, insert + 1, n - insert);
        view = new View(ids, n + 1);
    }

    /** Removes the ids of {@code sorted} (ascending; writer only) in one copy. */
    void removeAll(long[] sorted, int count) {
        View v = view;
        long[] ids = new long[v.size()];
        int n = 0;
        int r = 0;
        for (int i = 0; i < v.size(); i++) {
            long id = v.ids()[i];
            while (r < count && sorted[r] < id) {
                r++;
            }
            if (r < count && sorted[r] == id) {
                continue;
            }
            ids[n++] = id;
        }
        view = n == 0 ? EMPTY : new View(ids, n);
    }
}
