package io.queueflower.core.estimate;

import io.queueflower.avro.ServiceWindowStats;
import java.util.ArrayList;
import java.util.List;

/** Converts a {@link WindowSnapshot} to the Avro {@link ServiceWindowStats} records of the qf.service-stats contract. */
public final class WindowStatsRecords {
    private WindowStatsRecords() {
    }

    /** One record per (service, flow) pair, in service then flow order; flow-level fields repeat the flow's figures. */
    public static List<ServiceWindowStats> toAvro(WindowSnapshot window) {
        List<ServiceWindowStats> records = new ArrayList<>();
        window.pairs().forEach((service, byFlow) -> byFlow.forEach((flow, stats) -> {
            FlowWindowStats flowStats = window.flows().get(flow);
            records.add(ServiceWindowStats.newBuilder()
                    .setWindowStart(window.windowStartMs())
                    .setWindowEnd(window.windowEndMs())
                    .setService(service)
                    .setFlow(flow)
                    .setTraces(stats.traces())
                    .setErrors(flowStats == null ? 0 : flowStats.errors())
                    .setArrivalRatePerSec(stats.arrivalRatePerSec())
                    .setExclusiveMeanMs(stats.exclusiveMeanMs())
                    .setExclusiveP50Ms(stats.exclusiveP50Ms())
                    .setExclusiveP90Ms(stats.exclusiveP90Ms())
                    .setExclusiveP99Ms(stats.exclusiveP99Ms())
                    .setTailMeanMs(stats.tailMeanMs())
                    .setQueueReferenceMs(stats.queueReferenceMs())
                    .setQueueLittlesLaw(stats.queueLittlesLaw())
                    .setFlowTraces(flowStats == null ? 0 : flowStats.traces())
                    .setFlowMeanMs(flowStats == null ? 0 : flowStats.meanMs())
                    .setFlowP90Ms(flowStats == null ? 0 : flowStats.p90Ms())
                    .setFlowP99Ms(flowStats == null ? 0 : flowStats.p99Ms())
                    .setSlaAvgViolations(flowStats == null ? 0 : flowStats.slaAvgViolations())
                    .setSlaTailViolations(flowStats == null ? 0 : flowStats.slaTailViolations())
                    .build());
        }));
        return records;
    }
}
