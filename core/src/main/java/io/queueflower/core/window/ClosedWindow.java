package io.queueflower.core.window;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.core.algorithm.AlgorithmDecision;
import io.queueflower.core.algorithm.DecisionRecords;
import io.queueflower.core.estimate.WindowSnapshot;
import io.queueflower.core.estimate.WindowStatsRecords;
import io.queueflower.core.naming.DeploymentNames;
import java.util.List;
import java.util.Objects;

/**
 * What closing a window produced: its statistics and the decision taken on them, and the records both loops publish
 * for them ({@code qf.window-stats}, {@code qf.decisions}).
 */
public record ClosedWindow(WindowSnapshot snapshot, AlgorithmDecision decision) {
    public ClosedWindow {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(decision, "decision");
    }

    public long startMs() {
        return snapshot.windowStartMs();
    }

    public long endMs() {
        return snapshot.windowEndMs();
    }

    /** One {@code qf.window-stats} record per (service, flow). */
    public List<ServiceWindowStats> statsRecords() {
        return WindowStatsRecords.toAvro(snapshot);
    }

    /** The {@code qf.decisions} record, naming each service's Deployment. */
    public ScalingDecision decisionRecord(String namespace, long createdAtMs, DeploymentNames names) {
        return DecisionRecords.toAvro(decision, namespace, createdAtMs,
                names.forServices(decision.targets().keySet()));
    }
}
