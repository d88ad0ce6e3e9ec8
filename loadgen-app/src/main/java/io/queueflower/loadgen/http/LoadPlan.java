package io.queueflower.loadgen.http;

import io.queueflower.core.workload.RatePattern;
import io.queueflower.core.workload.Workload;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Everything an open-loop run needs.
 *
 * @param warmupSeconds         how long to send the pattern's initial rate, unmeasured, before the run (0: none)
 * @param workloadForConnection a fresh workload for each connection (connections do not share generators)
 * @param workloadDescription   how the workload is named in reports
 */
public record LoadPlan(HttpTarget target, RatePattern pattern, double durationSeconds, double warmupSeconds,
                       int connections, int threads,
                       Duration timeout, ClientKind client, List<String> requestTypes,
                       IntFunction<Workload> workloadForConnection, String workloadDescription, long seed) {
    public LoadPlan {
        if (!(durationSeconds > 0) || !Double.isFinite(durationSeconds)) {
            throw new IllegalArgumentException("--duration: must be positive, got " + durationSeconds + "s");
        }
        if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
            throw new IllegalArgumentException("--warmup: must be 0 or more, got " + warmupSeconds + "s");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("--connections: must be at least 1, got " + connections);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads: must be at least 1, got " + threads);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout: must be positive, got " + timeout);
        }
        requestTypes = List.copyOf(requestTypes);
    }
}
