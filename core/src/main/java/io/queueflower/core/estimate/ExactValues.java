package io.queueflower.core.estimate;

import java.util.Arrays;

/**
 * Every per-trace value of one cell, kept because the reference tail estimate needs pandas' interpolated quantile of
 * the exact sample. A growable {@code long[]}: 8 bytes per value, nothing per object.
 */
final class ExactValues {
    private long[] values = new long[8];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    long get(int index) {
        return values[index];
    }

    /** A sorted copy. */
    long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}
