package io.queueflower.simulator.experiment;

import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationListener;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.FlowModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Ground truth of a run, from the simulation itself rather than from spans: every request that arrives in
 * [measureFrom, measureTo) is measured when it completes, whenever that is.
 */
final class MetricsRecorder implements SimulationListener {
    private final double measureFrom;
    private final double measureTo;
    private final double bucketSeconds;
    private final Map<String, Double> tailSlaMs = new TreeMap<>();
    private final TreeMap<String, Cell> flows = new TreeMap<>();
    private final Cell all = new Cell();
    private final TreeMap<String, List<double[]>> buckets = new TreeMap<>(); // flow → per bucket {sum ms, count}
    private final TreeMap<String, List<Integer>> replicas = new TreeMap<>();
    /** A service whose servers were busy this share of a bucket or more was saturated in it. */
    static final double SATURATED = 0.98;
    private final Map<String, double[]> lastBusy = new TreeMap<>();
    private long serviceBuckets;
    private long saturatedBuckets;
    private double podSecondsAtStart;
    private double podSecondsAtEnd;

    MetricsRecorder(AppModel model, double measureFrom, double measureTo, double bucketSeconds) {
        this.measureFrom = measureFrom;
        this.measureTo = measureTo;
        this.bucketSeconds = bucketSeconds;
        for (FlowModel flow : model.flows()) {
            flow.tailSlaMs().ifPresent(sla -> tailSlaMs.put(flow.name(), sla));
            flows.put(flow.name(), new Cell());
            buckets.put(flow.name(), new ArrayList<>());
        }
    }

    @Override
    public void requestCompleted(CompletedRequest request) {
        double start = request.startSeconds();
        int bucket = (int) Math.floor(start / bucketSeconds);
        List<double[]> series = buckets.get(request.flow());
        while (series.size() <= bucket) {
            series.add(new double[2]);
        }
        double ms = request.latencySeconds() * 1000;
        series.get(bucket)[0] += ms;
        series.get(bucket)[1]++;
        if (start < measureFrom || start >= measureTo) {
            return;
        }
        Double sla = tailSlaMs.get(request.flow());
        boolean violates = sla != null && ms > sla;
        flows.get(request.flow()).record(ms, request.error(), violates);
        all.record(ms, request.error(), violates);
    }

    /**
     * Records every service's desired replicas at a bucket boundary, and counts the services that were saturated
     * over the bucket just ended (inside the measured interval): busy servers at or above
     * {@link #SATURATED} of the servers of the pods that exist, the ground truth of a service starved below its load.
     */
    void sampleReplicas(Simulation simulation) {
        double now = simulation.now();
        simulation.replicas().forEach((service, count) ->
                replicas.computeIfAbsent(service, s -> new ArrayList<>()).add(count));
        for (String service : simulation.services()) {
            double busy = simulation.busySeconds(service);
            double[] last = lastBusy.put(service, new double[] {now, busy});
            if (last == null || now <= last[0] || last[0] < measureFrom || now > measureTo) {
                continue;
            }
            int servers = simulation.existingPods(service) * simulation.model().services().get(service)
                    .concurrencyPerPod();
            serviceBuckets++;
            if (servers == 0 || (busy - last[1]) / (now - last[0]) >= SATURATED * servers) {
                saturatedBuckets++;
            }
        }
    }

    void markStart(Simulation simulation) {
        podSecondsAtStart = podSeconds(simulation);
    }

    void markEnd(Simulation simulation) {
        podSecondsAtEnd = podSeconds(simulation);
    }

    private static double podSeconds(Simulation simulation) {
        double total = 0;
        for (String service : simulation.services()) {
            total += simulation.podSeconds(service);
        }
        return total;
    }

    RunResult result(String workload, String policy, long seed, long scaleActions, long lateTraces) {
        TreeMap<String, FlowResult> flowResults = new TreeMap<>();
        flows.forEach((flow, cell) -> flowResults.put(flow, cell.result()));
        TreeMap<String, List<Double>> latency = new TreeMap<>();
        int length = (int) Math.ceil(measureTo / bucketSeconds);
        buckets.forEach((flow, series) -> {
            List<Double> means = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                double[] b = i < series.size() ? series.get(i) : new double[2];
                means.add(b[1] == 0 ? Double.NaN : b[0] / b[1]);
            }
            latency.put(flow, means);
        });
        SortedMap<String, List<Integer>> replicaSeries = new TreeMap<>(replicas);
        return new RunResult(workload, policy, seed, flowResults, all.result(), podSecondsAtEnd - podSecondsAtStart,
                scaleActions, lateTraces, serviceBuckets == 0 ? 0 : 100.0 * saturatedBuckets / serviceBuckets,
                bucketSeconds, latency, replicaSeries);
    }

    private static final class Cell {
        private final Histogram histogram = new Histogram(1, 3_600_000_000L, 3);
        private long count;
        private long errors;
        private long violations;
        private double sumMs;

        void record(double ms, boolean error, boolean violates) {
            count++;
            sumMs += ms;
            if (error) {
                errors++;
            }
            if (violates) {
                violations++;
            }
            histogram.recordValue(Math.max(1, Math.min(3_600_000_000L, Math.round(ms * 1000))));
        }

        FlowResult result() {
            if (count == 0) {
                return new FlowResult(0, 0, 0, 0, 0, 0, 0);
            }
            return new FlowResult(count, errors, sumMs / count, histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(90) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    violations);
        }
    }
}
