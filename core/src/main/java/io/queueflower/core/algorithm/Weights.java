package io.queueflower.core.algorithm;

/**
 * Weights of the blocking score b[n] = w1·q[n]/Σq + w2·avevio[n]/Σavevio + w3·tailvio[n]/Σtailvio.
 *
 * @param queue            w1, the queue term
 * @param averageViolation w2, the average-SLA violation term
 * @param tail             w3, the tail-SLA violation term
 */
public record Weights(double queue, double averageViolation, double tail) {
    /** The reference's {@code weight = [0.5, 0.3, 0.2]}. */
    public static final Weights DEFAULT = new Weights(0.5, 0.3, 0.2);

    public Weights {
        for (double w : new double[] {queue, averageViolation, tail}) {
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + queue + ", "
                        + averageViolation + ", " + tail);
            }
        }
    }

    @Override
    public String toString() {
        return queue + "," + averageViolation + "," + tail;
    }
}
