package io.queueflower.core.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The scale-down stabilisation window of the Kubernetes HPA: a Deployment is scaled down only to the highest target
 * recommended within the window, so a single low decision between high ones does not make it flap. Scaling up is not
 * delayed.
 *
 * <p>Time is the decisions' own time (window end), not the wall clock, so replaying a backlog of decisions after an
 * outage stabilises exactly as it would have live.
 *
 * <p>The first time a Deployment is seen, its current replica count counts as a recommendation made at that moment.
 * A scaler that has just started (or just became leader) has no history, and would otherwise be free to scale down
 * at once what its predecessor had deliberately held up.
 */
public final class ScaleStabilizer {
    private record Recommendation(Instant at, int replicas) {
    }

    private final Duration window;
    private final Map<DeploymentRef, Deque<Recommendation>> history = new HashMap<>();

    public ScaleStabilizer(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("stabilization window must not be negative, got " + window);
        }
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /**
     * Records {@code desired} as the recommendation at {@code at} and returns the stabilised target: {@code desired}
     * when scaling up or when nothing higher was recommended within the window, otherwise the highest recommendation
     * within the window but never above {@code current}.
     */
    public synchronized int stabilize(DeploymentRef ref, Instant at, int current, int desired) {
        if (window.isZero()) {
            return desired;
        }
        Deque<Recommendation> recommendations = history.computeIfAbsent(ref, r -> {
            Deque<Recommendation> primed = new ArrayDeque<>();
            primed.add(new Recommendation(at, current));
            return primed;
        });
        Instant horizon = at.minus(window);
        for (Iterator<Recommendation> it = recommendations.iterator(); it.hasNext(); ) {
            // Like the HPA, a recommendation counts while it is strictly younger than the window.
            if (!it.next().at().isAfter(horizon)) {
                it.remove();
            }
        }
        Recommendation latest = recommendations.peekLast();
        if (latest == null || !latest.equals(new Recommendation(at, desired))) {
            recommendations.addLast(new Recommendation(at, desired));
        }
        if (desired >= current) {
            return desired;
        }
        int highest = recommendations.stream().mapToInt(Recommendation::replicas).max().orElse(desired);
        return Math.min(current, Math.max(desired, highest));
    }

    /** Forgets all history, as after losing leadership: the next leader must start cautious again. */
    public synchronized void reset() {
        history.clear();
    }
}
