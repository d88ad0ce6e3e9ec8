package io.queueflower.loadgen.demo;

import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScaleOutcome;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.loadgen.sim.cluster.SimulatedCluster;
import io.queueflower.loadgen.sim.cluster.SimulatedDeployments;
import io.queueflower.scaler.core.Decision;
import io.queueflower.scaler.core.DecisionApplier;
import io.queueflower.scaler.core.DeploymentFacts;
import io.queueflower.scaler.core.RetryPolicy;
import io.queueflower.scaler.core.ScaleReport;
import io.queueflower.scaler.core.Sleeper;
import io.queueflower.scaler.core.WriteGate;
import io.queueflower.scaler.policy.Allowlist;
import io.queueflower.scaler.policy.BoundsTable;
import io.queueflower.scaler.policy.DecisionLedger;
import io.queueflower.scaler.policy.DeploymentRef;
import io.queueflower.scaler.policy.ReplicaBounds;
import io.queueflower.scaler.policy.SafetyPolicy;
import io.queueflower.scaler.policy.ScaleStabilizer;
import io.queueflower.scaler.policy.StepLimiter;
import io.queueflower.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scaler side of the demo, on one thread: reads {@code qf.decisions} and {@code qf.service-stats} from the broker,
 * applies each decision to the simulated cluster with the scaler's own {@link DecisionApplier} (allowlist, bounds,
 * step limits, ledger) through {@link SimulatedCluster}, publishes the resulting replicas to {@code qf.replicas}
 * (so the streams app's next decision starts from them) and each outcome to {@code qf.scale-events}, and prints the
 * window's table.
 */
final class DemoScaler implements Runnable, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Topics topics;
    private final SimulatedDeployments deployments;
    private final DecisionApplier applier;
    private final DemoRecord record;
    private final PrintWriter out;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final TreeMap<Long, List<ServiceWindowStats>> statsByWindow = new TreeMap<>();
    private volatile boolean running = true;
    private volatile long lastWindowEnd = Long.MIN_VALUE;

    DemoScaler(String bootstrap, Topics topics, SimulatedDeployments deployments, DemoRecord record, PrintWriter out) {
        this.topics = topics;
        this.deployments = deployments;
        this.record = record;
        this.out = out;
        DeploymentFacts facts = new DeploymentFacts() {
            @Override
            public Map<String, String> labels(DeploymentRef ref) {
                return Map.of();
            }

            @Override
            public Optional<String> horizontalPodAutoscaler(DeploymentRef ref) {
                return Optional.empty(); // a simulated cluster has no HPA
            }
        };
        // The scaler's default step limits (up 10, down 5). No stabilisation window: the scaler dates decisions by
        // their window end, i.e. in simulated time, where its 5-minute default would hold every scale-down for
        // three to four windows, and the closed-loop experiments this demo mirrors apply each decision at once.
        this.applier = new DecisionApplier(
                new Allowlist(java.util.Set.of(deployments.namespace()), deployments.deployments().keySet(),
                        Optional.empty()),
                new SafetyPolicy(BoundsTable.uniform(new ReplicaBounds(1, 20)), new StepLimiter(10, 5),
                        new ScaleStabilizer(Duration.ZERO)),
                new DecisionLedger(1000), new SimulatedCluster(deployments), facts, null,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), 0.2),
                new DecisionApplier.Settings(false, false, Duration.ZERO), WriteGate.ALWAYS_OPEN, Clock.systemUTC(),
                Sleeper.REAL, Math::random);
        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "queueflower-demo-scaler",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // The streams app writes exactly-once; only committed decisions may move replicas.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes every Deployment's replicas, as the scaler's watcher would after a change. */
    void publishReplicas() {
        SortedMap<String, Integer> desired;
        Map<String, Integer> ready = new TreeMap<>();
        synchronized (deployments) {
            desired = deployments.deployments();
            desired.keySet().forEach(d -> ready.put(d, deployments.simulation()
                    .readyReplicas(deployments.serviceOf(deployments.namespace(), d).orElseThrow())));
        }
        long now = System.currentTimeMillis();
        desired.forEach((deployment, replicas) -> {
            String key = deployments.namespace() + "/" + deployment;
            ReplicaStatus status = ReplicaStatus.newBuilder().setNamespace(deployments.namespace())
                    .setDeployment(deployment).setSpecReplicas(replicas).setReadyReplicas(ready.get(deployment))
                    .setAvailableReplicas(ready.get(deployment)).setHpaManaged(false).setObservedAtMs(now).build();
            send(topics.replicas, key, status);
        });
        producer.flush();
    }

    private <V> void send(Topics.Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.decisions.name(), topics.serviceStats.name()));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.serviceStats.name())) {
                        ServiceWindowStats stats = topics.serviceStats.valueSerde().deserializer()
                                .deserialize(r.topic(), r.value());
                        statsByWindow.computeIfAbsent(stats.getWindowStart(), w -> new ArrayList<>()).add(stats);
                    } else {
                        String key = topics.decisions.keySerde().deserializer().deserialize(r.topic(), r.key());
                        handle(key, topics.decisions.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println("demo: the scaler stopped on an error: " + e);
            out.flush();
        }
    }

    private void handle(String key, ScalingDecision decision) throws InterruptedException {
        Map<String, Integer> targets = new TreeMap<>();
        decision.getTargets().forEach((deployment, replicas) -> targets.put(String.valueOf(deployment), replicas));
        if (key != null && !key.equals(decision.getNamespace())) {
            out.println("demo: ignoring decision " + decision.getDecisionId() + ": key '" + key
                    + "' is not its namespace");
            return;
        }
        List<ScaleReport> reports;
        try {
            reports = applier.apply(new Decision(decision.getDecisionId(), decision.getNamespace(),
                    decision.getWindowEnd(), decision.getAlgorithm(), targets));
        } catch (io.queueflower.scaler.core.LeadershipLostException e) {
            throw new IllegalStateException("the demo's write gate is always open", e);
        }
        double simNow;
        SortedMap<String, Integer> replicasNow;
        synchronized (deployments) {
            simNow = deployments.simulation().now();
            replicasNow = deployments.simulation().replicas();
        }
        int changed = 0;
        for (ScaleReport report : reports) {
            if (report.outcome() == ScaleReport.Outcome.APPLIED) {
                changed++;
            }
            send(topics.scaleEvents, report.key(), scaleEvent(report));
        }
        record.decisionApplied(changed);
        record.replicas(simNow, replicasNow);
        publishReplicas();
        printWindow(decision, reports);
        statsByWindow.headMap(decision.getWindowStart(), true).clear();
        lastWindowEnd = Math.max(lastWindowEnd, decision.getWindowEnd());
    }

    private static ScaleEvent scaleEvent(ScaleReport report) {
        return ScaleEvent.newBuilder().setDecisionId(report.decisionId()).setNamespace(report.namespace())
                .setDeployment(report.deployment()).setPrevious(report.previous()).setRequested(report.requested())
                .setApplied(report.applied()).setOutcome(ScaleOutcome.valueOf(report.outcome().name()))
                .setClampedBy(report.clampedBy()).setError(report.error()).setAttempts(report.attempts())
                .setDurationMs(report.durationMs()).setReadyAfterMs(report.readyAfterMs())
                .setTimestampMs(report.timestampMs()).build();
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

    /** End (epoch ms) of the latest window whose decision was applied. */
    long lastWindowEnd() {
        return lastWindowEnd;
    }

    /** Stops the loop; call from another thread, then join it and {@link #close()}. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
