package io.memgraph.ha.query.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code x IN $list} from the parameter's hash set answers exactly as the scan, value by value
 * with {@code CypherValues.equal}, for the values where integers and floats meet (an integral float
 * and its integer, -0.0 and 0, NaN, 2^53 + 1 and the floats beside it, the ends of the long range),
 * strings, booleans, nulls, and values the set does not take (a list).
 */
class ParameterListsProperties {

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.longs().between(-20, 20).map(l -> (Object) l),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 9007199254740993L, 9007199254740992L)
                        .map(l -> (Object) l),
                Arbitraries.doubles().between(-20, 20).ofScale(1).map(d -> (Object) d),
                Arbitraries.of(-0.0, 0.0, Double.NaN, 0x1p53, 0x1p53 + 2, 0x1p63, -0x1p63, 1e300,
                        Double.POSITIVE_INFINITY).map(d -> (Object) d),
                Arbitraries.of("a", "b", "1", "").map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of(List.of(1L), List.of(1.0)).map(l -> (Object) l));
    }

    @Provide
    Arbitrary<List<Object>> lists() {
        return values().list().ofMinSize(0).ofMaxSize(60);
    }

    @Property(tries = 3000)
    void theSetAnswersAsTheScan(@ForAll("values") Object element, @ForAll("lists") List<Object> list) {
        Object fromSet = new ParameterLists().in("ids", element, list);
        if (fromSet != ParameterLists.SCAN) {
            assertThat(fromSet).as("%s IN %s", element, list).isEqualTo(scan(element, list));
        }
    }

    @Property(tries = 500)
    void aLongListOfScalarsIsLookedUpNotScanned(@ForAll("values") Object element) {
        Object fromSet = new ParameterLists().in("ids", element, longListOfScalars());
        assertThat(fromSet == ParameterLists.SCAN).as("scanned for %s", element).isEqualTo(!setTakes(element));
    }

    /** 40 integers and floats and a null: a list the set takes. */
    static List<Object> longListOfScalars() {
        List<Object> list = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            list.add(i % 2 == 0 ? (Object) i : (Object) (i + 0.5));
        }
        list.add(null);
        return list;
    }

    /** Whether a set answers for {@code element} (else the list is scanned). */
    static boolean setTakes(Object element) {
        return element instanceof Long || element instanceof String || element instanceof Boolean
                || element instanceof Double d && !d.isNaN();
    }

    @Property(tries = 200)
    void theSameParameterNameWithAnotherListIsNotAnsweredFromTheFirst(@ForAll("values") Object element) {
        ParameterLists lists = new ParameterLists();
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            first.add(i);
            second.add(i + 100);
        }
        lists.in("ids", element, first);
        Object fromSet = lists.in("ids", element, second);
        if (fromSet != ParameterLists.SCAN) {
            assertThat(fromSet).isEqualTo(scan(element, second));
        }
    }

    /** The scan the evaluator runs without a set. */
    private static Object scan(Object element, List<Object> list) {
        return ExpressionEvaluator.in(element, list);
    }
}
