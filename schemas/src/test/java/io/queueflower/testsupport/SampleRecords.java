package io.queueflower.testsupport;

import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScaleOutcome;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.avro.TraceSummary;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One realistic, fully populated instance of each top-level record, for serde and topic tests. Optional fields are
 * set (not left null) so a round trip that drops one is noticed.
 */
public final class SampleRecords {
    private SampleRecords() {
    }

    public static Span span() {
        return Span.newBuilder()
                .setTraceId("0000000000000000a1b2c3d4e5f60718")
                .setSpanId("1122334455667788")
                .setParentSpanId("8877665544332211")
                .setService("frontend")
                .setOperation("HTTP GET /hotels")
                .setKind(SpanKind.SERVER)
                .setStartMicros(1_700_000_000_123_456L)
                .setDurationMicros(4_321L)
                .setHost("frontend-7d9f8-abcde")
                .setStatusCode(200)
                .setError(false)
                .build();
    }

    public static TraceSummary traceSummary() {
        return TraceSummary.newBuilder()
                .setTraceId("0000000000000000a1b2c3d4e5f60718")
                .setFlow("HTTP GET /hotels")
                .setRootService("frontend")
                .setStartMicros(1_700_000_000_123_456L)
                .setEndToEndMicros(12_500L)
                .setError(false)
                .setRootStatusCode(200)
                .setSpanCount(5)
                .setServiceSpanCounts(Map.of("frontend", 1, "search", 2, "geo", 2))
                .setExclusiveMicros(Map.of("frontend", 2_000L, "search", 6_000L, "geo", -500L))
                .setExclusiveOverlapMicros(Map.of("frontend", 2_000L, "search", 6_000L, "geo", 0L))
                .setHosts(Map.of("frontend", List.of("frontend-1"), "search", List.of("search-1", "search-2")))
                .setLateSpans(1)
                .setComplete(true)
                .setEmittedAtMicros(1_700_000_005_000_000L)
                .build();
    }

    public static ServiceWindowStats serviceWindowStats() {
        return ServiceWindowStats.newBuilder()
                .setWindowStart(1_700_000_000_000L)
                .setWindowEnd(1_700_000_010_000L)
                .setService("search")
                .setFlow("HTTP GET /hotels")
                .setTraces(420)
                .setErrors(3)
                .setArrivalRatePerSec(42.0)
                .setExclusiveMeanMs(6.25)
                .setExclusiveP50Ms(5.5)
                .setExclusiveP90Ms(9.75)
                .setExclusiveP99Ms(15.0)
                .setTailMeanMs(11.5)
                .setQueueReferenceMs(6.25)
                .setQueueLittlesLaw(0.2625)
                .setFlowTraces(423)
                .setFlowMeanMs(12.5)
                .setFlowP90Ms(20.0)
                .setFlowP99Ms(35.0)
                .setSlaAvgViolations(7)
                .setSlaTailViolations(2)
                .build();
    }

    public static ScalingDecision scalingDecision() {
        return ScalingDecision.newBuilder()
                .setDecisionId("hotel/queueflower/1700000010000")
                .setNamespace("hotel")
                .setWindowStart(1_700_000_000_000L)
                .setWindowEnd(1_700_000_010_000L)
                .setCreatedAtMs(1_700_000_010_250L)
                .setAlgorithm("queueflower")
                .setVariant("prop-sla")
                .setEstimator("reference")
                .setTargets(Map.of("frontend", 2, "search", 3))
                .setCurrentReplicas(Map.of("frontend", 2, "search", 2))
                .setDeployments(Map.of("frontend", "frontend", "search", "search"))
                .setFlows(Map.of("HTTP GET /hotels", FlowStats.newBuilder()
                        .setTraces(420).setMeanMs(12.5).setP90Ms(20.0).setP99Ms(35.0).setErrors(3).build()))
                .setQueues(Map.of("search", Map.of("HTTP GET /hotels", 6.25)))
                .setServiceQueue(Map.of("search", 6.25, "frontend", 2.0))
                .setTail(Map.of("search", Map.of("HTTP GET /hotels", 11.5)))
                .setAvgViolation(Map.of("search", 0.1))
                .setTailViolation(Map.of("search", 0.05))
                .setBlocking(Map.of("search", 0.75))
                .setPhi(1.5)
                .setParameters(Map.of("freePool", "4", "seed", "42"))
                .build();
    }

    public static ReplicaStatus replicaStatus() {
        return ReplicaStatus.newBuilder()
                .setNamespace("hotel")
                .setDeployment("search")
                .setSpecReplicas(3)
                .setReadyReplicas(2)
                .setAvailableReplicas(2)
                .setHpaManaged(false)
                .setObservedAtMs(1_700_000_010_500L)
                .build();
    }

    public static ScaleEvent scaleEvent() {
        return ScaleEvent.newBuilder()
                .setDecisionId("hotel/queueflower/1700000010000")
                .setNamespace("hotel")
                .setDeployment("search")
                .setPrevious(2)
                .setRequested(3)
                .setApplied(3)
                .setOutcome(ScaleOutcome.APPLIED)
                .setClampedBy("max-step-up")
                .setError("none")
                .setAttempts(2)
                .setDurationMs(85L)
                .setReadyAfterMs(4_200L)
                .setTimestampMs(1_700_000_010_600L)
                .build();
    }

    /** One of each of the six records that travel on topics. */
    public static List<SpecificRecord> all() {
        return List.of(span(), traceSummary(), serviceWindowStats(), scalingDecision(), replicaStatus(), scaleEvent());
    }
}
