package io.queueflower.loadgen.sim.cli;

import io.queueflower.loadgen.sim.cluster.SimulatedDeployments;

import java.util.concurrent.TimeUnit;

/**
 * Paces a simulation by the wall clock: simulated time = elapsed wall time × speed-up. It advances in small steps
 * under the cluster's lock, so a scaler thread may change replicas in between, and sleeps until the next event is due.
 */
final class RealTimeDriver {
    private static final double MAX_SLEEP_SECONDS = 0.05;

    private RealTimeDriver() {
    }

    static void run(SimulatedDeployments cluster, double untilSeconds, double speedup) throws InterruptedException {
        long startNanos = System.nanoTime();
        while (true) {
            double target = Math.min(untilSeconds, (System.nanoTime() - startNanos) / 1e9 * speedup);
            cluster.advance(target);
            if (target >= untilSeconds) {
                return;
            }
            double next;
            synchronized (cluster) {
                next = Math.min(untilSeconds, cluster.simulation().nextEventTime());
            }
            double wait = Math.min(MAX_SLEEP_SECONDS, (next - target) / speedup);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep((long) (wait * 1e9));
            }
        }
    }
}
