package io.queueflower.core.algorithm;

/**
 * Parameters of the HPA baseline.
 *
 * @param targetUtilization  target utilisation per pod, in (0, 1] typically (default 0.7)
 * @param tolerance          Kubernetes' tolerance: no change while |u/target − 1| ≤ tolerance (default 0.1, as the
 *                           controller's {@code --horizontal-pod-autoscaler-tolerance})
 * @param concurrencyPerPod  requests one pod serves at once (default 1): a pod is fully utilised at λ·s = concurrency
 * @param minReplicas        HPA's own floor (Kubernetes' minReplicas, default 1)
 * @param sojourn            true: utilisation = λ·W/(replicas·concurrency), the time requests spend in the service
 *                           (wait included) per server, as this project's HPA computed it before; false (default): the
 *                           busy share implied by the queue ({@link Hpa}). Kept to measure what the old estimate did.
 */
public record HpaSettings(double targetUtilization, double tolerance, double concurrencyPerPod, int minReplicas,
                        boolean sojourn) {
    public static final HpaSettings DEFAULT = new HpaSettings(0.7, 0.1, 1.0, 1);

    public HpaSettings(double targetUtilization, double tolerance, double concurrencyPerPod, int minReplicas) {
        this(targetUtilization, tolerance, concurrencyPerPod, minReplicas, false);
    }

    public HpaSettings {
        if (!(targetUtilization > 0) || !(tolerance >= 0) || !(concurrencyPerPod > 0) || minReplicas < 0
                || !Double.isFinite(targetUtilization + tolerance + concurrencyPerPod)) {
            throw new IllegalArgumentException("HPA needs target utilisation > 0, tolerance >= 0, concurrency > 0 and"
                    + " minReplicas >= 0, got " + targetUtilization + ", " + tolerance + ", " + concurrencyPerPod + ", "
                    + minReplicas);
        }
    }
}
