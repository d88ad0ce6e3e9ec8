package io.queueflower.simulator.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Paces a simulation by the wall clock: simulated time = elapsed wall time × speed-up. It advances in small steps
 * under the cluster's lock, so a scaler thread may change replicas in between, and sleeps until the next event is due.
 */
public final class RealTimeDriver {
    private static final double MAX_SLEEP_SECONDS = 0.05;

    private RealTimeDriver() {
    }

    /**
     * @param untilSeconds simulated time to stop at (+∞: until {@code stop} says so)
     * @param stop         polled between steps; true ends the run where it is
     * @param reached      told the simulated time reached after each step
     * @return the simulated time reached
     */
    public static double run(SimulatedDeployments cluster, double untilSeconds, double speedup, BooleanSupplier stop,
                      DoubleConsumer reached) throws InterruptedException {
        long startNanos = System.nanoTime();
        double target = 0;
        while (!stop.getAsBoolean()) {
            target = Math.min(untilSeconds, (System.nanoTime() - startNanos) / 1e9 * speedup);
            cluster.advance(target);
            reached.accept(target);
            if (target >= untilSeconds) {
                break;
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
        return target;
    }
}
