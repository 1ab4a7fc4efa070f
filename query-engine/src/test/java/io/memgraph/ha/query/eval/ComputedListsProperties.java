package io.memgraph.ha.query.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@code x IN l}, {@code l} a list the query computed, answered from the set {@link ComputedLists}
 * keeps for that list object, answers exactly as the scan, for the values {@link
 * ParameterListsProperties} draws (integers and floats where they meet, NaN, strings, booleans,
 * nulls, lists); and a set serves only the list object it was built of, however alike another list.
 */
class ComputedListsProperties {
    private final ParameterListsProperties values = new ParameterListsProperties();

    @Provide
    Arbitrary<Object> values() {
        return values.values();
    }

    @Provide
    Arbitrary<List<Object>> lists() {
        return values().list().ofMinSize(0).ofMaxSize(60);
    }

    /** Lists of 16 to 40 values: long enough for a set. */
    @Provide
    Arbitrary<List<Object>> longLists() {
        return values().list().ofMinSize(ListSet.MIN_SIZE).ofMaxSize(40);
    }

    @Property(tries = 2000)
    void theSetAnswersAsTheScanEachTimeTheListIsMet(@ForAll("lists") List<Object> list,
                                                    @ForAll @Size(min = 1, max = 12) List<@net.jqwik.api.From("values") Object> elements) {
        ComputedLists lists = new ComputedLists();
        for (Object element : elements) {
            Object answer = lists.in(element, list);
            if (answer != ListSet.SCAN) {
                assertThat(answer).as("%s IN %s", element, list).isEqualTo(scan(element, list));
            }
        }
    }

    /**
     * Lists of one size that differ in one place, and an equal copy, met in any order (a list per
     * row, or two variables): each is answered as itself, never from another's set.
     */
    @Property(tries = 1000)
    void eachListIsAnsweredFromItsOwnSet(@ForAll("longLists") List<Object> base,
                                         @ForAll("values") Object other,
                                         @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 5) Integer> order,
                                         @ForAll @Size(min = 30, max = 30) List<@net.jqwik.api.From("values") Object> elements) {
        List<List<Object>> variants = new ArrayList<>();
        for (int v = 0; v < 5; v++) {
            List<Object> copy = new ArrayList<>(base);
            copy.set(v * 3 % base.size(), v % 2 == 0 ? other : null);
            variants.add(copy);
        }
        variants.add(new ArrayList<>(base)); // equal to no variant, by value equal to base
        ComputedLists lists = new ComputedLists();
        for (int k = 0; k < order.size(); k++) {
            List<Object> list = variants.get(order.get(k));
            Object element = k % 3 == 0 ? list.get(k % list.size()) : elements.get(k);
            for (int twice = 0; twice < 2; twice++) {
                Object answer = lists.in(element, list);
                if (answer != ListSet.SCAN) {
                    assertThat(answer).as("%s IN %s", element, list).isEqualTo(scan(element, list));
                }
            }
        }
    }

    @Property(tries = 300)
    void aLongListOfScalarsIsLookedUpFromItsSecondMeeting(@ForAll("values") Object element) {
        List<Object> list = ParameterListsProperties.longListOfScalars();
        ComputedLists lists = new ComputedLists();
        assertThat(lists.in(element, list)).isSameAs(ListSet.SCAN); // met once: scanned
        Object answer = lists.in(element, list);
        boolean takesElement = ParameterListsProperties.setTakes(element);
        assertThat(answer == ListSet.SCAN).as("scanned for %s", element).isEqualTo(!takesElement);
        if (takesElement) {
            assertThat(answer).isEqualTo(scan(element, list));
        }
    }

    @Property(tries = 100)
    void theSetsHeldAreCountedAndAtMostAFewAtOnce(@ForAll @IntRange(min = 1, max = 20) int listCount) {
        long[] reserved = {0};
        GraphAccessor memory = memory(reserved, Long.MAX_VALUE);
        ComputedLists lists = new ComputedLists(memory);
        long oneSet = 0;
        for (int n = 0; n < listCount; n++) {
            List<Object> list = new ArrayList<>();
            for (long i = 0; i < 20; i++) {
                list.add(i + n);
            }
            lists.in(0L, list);
            assertThat(lists.in((long) n, list)).isEqualTo(Boolean.TRUE);
            oneSet = oneSet == 0 ? reserved[0] : oneSet;
            assertThat(reserved[0]).isEqualTo(Math.min(n + 1, ComputedLists.ENTRIES) * oneSet);
        }
        assertThat(oneSet).isPositive();
    }

    @Property(tries = 100)
    void aSetThatDoesNotFitIsNotBuiltAndTheListIsScanned(@ForAll("values") Object element) {
        long[] reserved = {0};
        ComputedLists lists = new ComputedLists(memory(reserved, 100));
        List<Object> list = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            list.add(i);
        }
        lists.in(element, list);
        assertThat(lists.in(element, list)).isSameAs(ListSet.SCAN);
        assertThat(reserved[0]).isZero();
    }

    /** A graph accessor that only counts memory, up to {@code limit} bytes. */
    private static GraphAccessor memory(long[] reserved, long limit) {
        return (GraphAccessor) Proxy.newProxyInstance(GraphAccessor.class.getClassLoader(),
                new Class<?>[] {GraphAccessor.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "reserveIfFits": {
                            long bytes = (Long) args[0];
                            if (bytes > limit - reserved[0]) {
                                return false;
                            }
                            reserved[0] += bytes;
                            return true;
                        }
                        case "release":
                            reserved[0] -= (Long) args[0];
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** The scan the evaluator runs without a set. */
    private static Object scan(Object element, List<Object> list) {
        return ExpressionEvaluator.in(element, list);
    }
}
