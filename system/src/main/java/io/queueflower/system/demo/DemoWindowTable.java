package io.queueflower.system.demo;

import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.follow.KafkaDecisionFollower;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the demo shows of each decision the simulated cluster's scaler ({@link KafkaDecisionFollower}) applied: records the
 * replicas for the report and prints the window's table — per service λ, exclusive time, queue and replicas (from the
 * pipeline's {@code qf.service-stats} and the decision), per flow the simulator's own end-to-end percentiles and SLA
 * violations beside the pipeline's p99.
 */
final class DemoWindowTable implements KafkaDecisionFollower.Listener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SimulatedDeployments deployments;
    private final DemoRecord record;
    private final PrintWriter out;
    private final TreeMap<Long, List<ServiceWindowStats>> statsByWindow = new TreeMap<>();

    DemoWindowTable(SimulatedDeployments deployments, DemoRecord record, PrintWriter out) {
        this.deployments = deployments;
        this.record = record;
        this.out = out;
    }

    @Override
    public void stats(ServiceWindowStats stats) {
        statsByWindow.computeIfAbsent(stats.getWindowStart(), w -> new ArrayList<>()).add(stats);
    }

    @Override
    public void applied(ScalingDecision decision, List<ScaleReport> reports) {
        double simNow;
        SortedMap<String, Integer> replicasNow;
        synchronized (deployments) {
            simNow = deployments.simulation().now();
            replicasNow = deployments.simulation().replicas();
        }
        int changed = (int) reports.stream().filter(r -> r.outcome() == ScaleReport.Outcome.APPLIED).count();
        record.decisionApplied(changed);
        record.replicas(simNow, replicasNow);
        printWindow(decision, reports);
        statsByWindow.headMap(decision.getWindowStart(), true).clear();
    }

    private void printWindow(ScalingDecision decision, List<ScaleReport> reports) {
        long start = decision.getWindowStart();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%n== window %s-%s (simulated %.0f-%.0f s), decision %s%s ==%n",
                TIME.format(Instant.ofEpochMilli(start)), TIME.format(Instant.ofEpochMilli(decision.getWindowEnd())),
                Math.max(0, record.simSeconds(start)), record.simSeconds(decision.getWindowEnd()), decision.getAlgorithm(),
                decision.getVariant() == null ? "" : "/" + decision.getVariant()));
        s.append(String.format(Locale.ROOT, "  %-22s %8s %11s %9s  %s%n", "service", "λ req/s", "excl. ms", "queue",
                "replicas"));
        Map<String, double[]> services = new TreeMap<>(); // service → {λ, Σ traces·exclusive mean, Σ traces}
        for (ServiceWindowStats st : statsByWindow.getOrDefault(start, List.of())) {
            double[] a = services.computeIfAbsent(st.getService(), k -> new double[3]);
            a[0] += st.getArrivalRatePerSec();
            a[1] += st.getTraces() * st.getExclusiveMeanMs();
            a[2] += st.getTraces();
        }
        Map<String, ScaleReport> byDeployment = new TreeMap<>();
        reports.forEach(r -> byDeployment.put(r.deployment(), r));
        TreeSet<String> names = new TreeSet<>(services.keySet());
        byDeployment.keySet().forEach(d -> deployments.names().serviceOf(d).ifPresent(names::add));
        for (String service : names) {
            double[] a = services.getOrDefault(service, new double[3]);
            Double queue = decision.getServiceQueue().get(service);
            ScaleReport r = byDeployment.get(deployments.names().deploymentOf(service));
            String replicas = r == null ? "-" : r.applied() != null && !r.applied().equals(r.previous())
                    ? r.previous() + " -> " + r.applied() : String.valueOf(r.previous());
            s.append(String.format(Locale.ROOT, "  %-22s %8.1f %11.1f %9.2f  %s%n", service, a[0],
                    a[2] > 0 ? a[1] / a[2] : Double.NaN, queue == null ? Double.NaN : queue, replicas));
        }
        s.append(String.format(Locale.ROOT, "  %-34s %7s %8s %8s %8s %10s  %s%n", "flow (simulator, end-to-end)",
                "requests", "p50 ms", "p90 ms", "p99 ms", "SLA viol.", "pipeline p99 ms"));
        SortedMap<String, DemoRecord.FlowWindow> flows = record.window(start);
        Map<String, Double> sla = record.tailSlaMs();
        TreeSet<String> flowNames = new TreeSet<>(flows.keySet());
        decision.getFlows().keySet().forEach(f -> flowNames.add(String.valueOf(f)));
        for (String flow : flowNames) {
            DemoRecord.FlowWindow f = flows.get(flow);
            FlowStats p = decision.getFlows().get(flow);
            String viol = f == null || !sla.containsKey(flow) ? "-"
                    : String.format(Locale.ROOT, "%d (%.1f%%)", f.violations(), 100.0 * f.violations() / f.requests());
            s.append(String.format(Locale.ROOT, "  %-34s %7d %8.0f %8.0f %8.0f %10s  %s%n", flow,
                    f == null ? 0 : f.requests(), f == null ? Double.NaN : f.p50Ms(),
                    f == null ? Double.NaN : f.p90Ms(), f == null ? Double.NaN : f.p99Ms(), viol,
                    p == null ? "-" : String.format(Locale.ROOT, "%.0f", p.getP99Ms())));
        }
        out.print(s);
        out.flush();
    }
}
