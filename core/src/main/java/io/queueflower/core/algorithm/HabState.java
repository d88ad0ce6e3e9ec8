package io.queueflower.core.algorithm;

/**
 * HAB's bisection state: φ searched in [lo, hi].
 *
 * @param lo      lower bound of φ
 * @param hi      upper bound of φ
 * @param phi     the φ in force: the pods of the last decision were computed with it
 * @param applied true once a decision with this φ has been made, so the next window measures its effect; false at the
 *                start, when no window has seen any φ yet
 */
public record HabState(double lo, double hi, double phi, boolean applied) implements AlgorithmState {
    public HabState {
        if (!(lo <= phi && phi <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("HAB state needs finite lo <= phi <= hi, got lo=" + lo + " phi=" + phi
                    + " hi=" + hi);
        }
    }

    /** The start: φ in the middle of [phiMin, phiMax], not yet applied. */
    public static HabState initial(HabSettings params) {
        return new HabState(params.phiMin(), params.phiMax(), (params.phiMin() + params.phiMax()) / 2, false);
    }
}
