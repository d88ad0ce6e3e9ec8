package io.queueflower.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Compares JSON trees: the same keys everywhere, integers equal, other numbers within a relative tolerance. */
final class JsonMatch {
    static final double RELATIVE = 1e-9;
    /**
     * Below this, two numbers count as equal whatever their ratio: a value that is 0 in exact arithmetic (a violation
     * x − x) can come out as ±1e-16 from one summation order and 0 from another.
     */
    static final double ABSOLUTE_FLOOR = 1e-12;

    private JsonMatch() {
    }

    static void assertMatches(JsonNode actual, JsonNode expected, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object in " + actual).isTrue();
            assertThat(new TreeSet<>(names(actual))).as(path + " keys").isEqualTo(new TreeSet<>(names(expected)));
            for (String name : names(expected)) {
                assertMatches(actual.get(name), expected.get(name), path + "." + name);
            }
        } else if (expected.isIntegralNumber()) {
            assertThat(actual.isIntegralNumber()).as(path + " is an integer, got " + actual).isTrue();
            assertThat(actual.longValue()).as(path).isEqualTo(expected.longValue());
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as(path + " is a number, got " + actual).isTrue();
            double a = actual.doubleValue();
            double e = expected.doubleValue();
            double tolerance = Math.max(ABSOLUTE_FLOOR, RELATIVE * Math.max(Math.abs(a), Math.abs(e)));
            assertThat(Math.abs(a - e)).as(path + ": replay " + a + ", definitions " + e).isLessThanOrEqualTo(tolerance);
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
