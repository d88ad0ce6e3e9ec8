package io.queueflower.bench.scaler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.bench.report.Figure;
import io.queueflower.bench.report.HarnessLogging;
import io.queueflower.bench.report.Machine;
import io.queueflower.bench.report.SuiteArgs;
import io.queueflower.bench.report.SuiteReport;
import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.ObservedReplicas;
import io.queueflower.core.scaling.ReplicaStatusSink;
import io.queueflower.core.scaling.RetryPolicy;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleRequest;
import io.queueflower.scaler.kubernetes.DeploymentWatcher;
import io.queueflower.scaler.kubernetes.Fabric8DeploymentFacts;
import io.queueflower.scaler.kubernetes.KubernetesClients;
import io.queueflower.scaler.kubernetes.ScaleSubresourcePatcher;
import io.queueflower.scaler.kubernetes.ScaleWriteMethod;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The scaler against fabric8's mock API server (CRUD mode) holding N Deployments: for each decision record, the time
 * from the serialized ScalingDecision to {@code DecisionApplier.apply} returning with every write issued (readiness
 * wait off), and the API requests the mock server received for it, by method. Half the Deployments change in every
 * decision, half keep their count, so the write count shows whether unchanged ones are left alone.
 *
 * <p>Beside it, alternating decision by decision so a shared machine's drift hits both alike: the same reads and
 * writes issued straight through the fabric8 client with no policy (the I/O floor of a decision).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.queueflower.bench.scaler.ScalerHarness [--out f.json]
 *     [deployments=100] [decisions=40] [warmup=15] [update|patch]</pre>
 */
public final class ScalerHarness {
    static final String NAMESPACE = "bench";

    /** Held so the level sticks: the mock server logs every request through java.util.logging at INFO. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private ScalerHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessLogging.quiet();
        // Logging each request to the console would be the mock server's cost, not the scaler's.
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        SuiteArgs parsed = SuiteArgs.parse(args);
        Map<String, String> options = new HashMap<>();
        for (String arg : parsed.rest()) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int deployments = Integer.parseInt(options.getOrDefault("deployments", "100"));
        int decisions = Integer.parseInt(options.getOrDefault("decisions", "40"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "15"));
        ScaleWriteMethod method = options.containsKey("patch") ? ScaleWriteMethod.PATCH : ScaleWriteMethod.UPDATE;
        SuiteReport report = new SuiteReport("scaler", "java -cp benchmarks/target/benchmarks.jar "
                + ScalerHarness.class.getName());

        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        try (KubernetesClient admin = server.createClient();
             KubernetesClient client = KubernetesClients.create(admin.getConfiguration(), Duration.ofSeconds(5))) {
            TreeSet<String> names = new TreeSet<>();
            for (int i = 0; i < deployments; i++) {
                String name = String.format("svc-%03d", i);
                names.add(name);
                admin.resource(deployment(name, 2)).create();
            }
            DeploymentWatcher watcher = new DeploymentWatcher(client, Set.of(NAMESPACE), new DiscardingSink(),
                    Clock.systemUTC());
            watcher.start();
            long syncDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!watcher.synced()) {
                if (System.nanoTime() > syncDeadline) {
                    throw new IllegalStateException("informers did not sync");
                }
                Thread.sleep(20);
            }
            DecisionApplier applier = DecisionApplier.builder(
                    new Allowlist(Set.of(NAMESPACE), names, Optional.empty()),
                    new SafetyPolicy(new BoundsTable(new ReplicaBounds(1, 1000), Map.of()), new StepLimiter(10, 10),
                            new ScaleStabilizer(Duration.ZERO)),
                    new ScaleSubresourcePatcher(client, method), new Fabric8DeploymentFacts(client, watcher))
                    .ledger(new DecisionLedger(10_000)).availability(watcher)
                    .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.5)).build();
            SpecificAvroSerde<ScalingDecision> serde = SpecificAvroSerde.forClass(ScalingDecision.class,
                    Map.of("schema.registry.url", "mock://scaler-harness"), false);

            Histogram applied = new Histogram(60_000_000, 3);
            Histogram floor = new Histogram(60_000_000, 3);
            long reads = 0;
            long writes = 0;
            long other = 0;
            long changedTotal = 0;
            drain(server);
            for (int k = 0; k < warmup + decisions; k++) {
                boolean measured = k >= warmup;
                // Even-numbered Deployments alternate between 2 and 3 replicas; odd ones always ask for 2 (unchanged).
                Map<String, Integer> targets = new TreeMap<>();
                int changed = 0;
                int i = 0;
                for (String name : names) {
                    boolean moves = i++ % 2 == 0;
                    targets.put(name, moves ? (k % 2 == 0 ? 3 : 2) : 2);
                    changed += moves ? 1 : 0;
                }
                byte[] record = serde.serializer().serialize("qf.decisions", decisionRecord(k, targets));

                long start = System.nanoTime();
                ScalingDecision avro = serde.deserializer().deserialize("qf.decisions", record);
                ScaleRequest decision = ScaleRequest.of(NAMESPACE, avro);
                List<ScaleReport> reports = applier.apply(decision);
                long micros = (System.nanoTime() - start) / 1000;
                long appliedCount = reports.stream().filter(r -> r.outcome() == ScaleReport.Outcome.APPLIED).count();
                if (appliedCount != changed) {
                    throw new IllegalStateException("decision " + k + ": " + appliedCount + " applied, expected "
                            + changed + ": " + reports);
                }
                int[] calls = drain(server);
                if (measured) {
                    applied.recordValue(micros);
                    reads += calls[0];
                    writes += calls[1];
                    other += calls[2];
                    changedTotal += changed;
                }

                // The floor: the same reads and writes, straight through the client.
                long floorStart = System.nanoTime();
                for (String name : names) {
                    var resource = client.apps().deployments().inNamespace(NAMESPACE).withName(name);
                    Scale scale = resource.scale();
                    if (targets.get(name) != scale.getSpec().getReplicas()) {
                        throw new IllegalStateException("floor pass found " + name + " not at its target");
                    }
                }
                long floorMicros = (System.nanoTime() - floorStart) / 1000;
                // Writes of the floor: as many as the decision made, setting the counts the decision just set.
                long writeStart = System.nanoTime();
                int w = 0;
                for (String name : names) {
                    if (w++ % 2 != 0) {
                        continue;
                    }
                    var resource = client.apps().deployments().inNamespace(NAMESPACE).withName(name);
                    Scale current = resource.scale();
                    resource.scale(new ScaleBuilder(current).editOrNewSpec().withReplicas(targets.get(name)).endSpec()
                            .build());
                }
                // The write loop also re-read each moved Deployment (a PUT needs its resourceVersion); count only the
                // PUTs' share: subtract the time of the reads measured above, per read.
                long writeMicros = (System.nanoTime() - writeStart) / 1000;
                long floorTotal = floorMicros + Math.max(0, writeMicros - floorMicros * changed / names.size());
                drain(server);
                if (measured) {
                    floor.recordValue(floorTotal);
                }
                if (measured && (k - warmup) % 10 == 0) {
                    System.out.printf(Locale.ROOT, "[load %s] decision %d: %.1f ms applied, %.1f ms floor, calls %d reads %d writes%n",
                            Machine.loadAverage(), k, micros / 1000.0, floorTotal / 1000.0, calls[0], calls[1]);
                }
            }
            watcher.close();
            double p50 = applied.getValueAtPercentile(50) / 1000.0;
            double p99 = applied.getValueAtPercentile(99) / 1000.0;
            double floorP50 = floor.getValueAtPercentile(50) / 1000.0;
            double callsPerDecision = (double) (reads + writes + other) / decisions;
            double writesPerDecision = (double) writes / decisions;
            double changedPerDecision = (double) changedTotal / decisions;
            report.add(new Figure("scaler.decision-to-patches.p50-ms", "scaler", p50, "ms", p50 / floorP50,
                    "applier p50 / p50 of the same reads+writes through the bare client", "reported (no target)",
                    null, false));
            report.add(new Figure("scaler.decision-to-patches.p99-ms", "scaler", p99, "ms", null, null, null, null, false));
            report.add(new Figure("scaler.api-calls-per-decision", "scaler", callsPerDecision, "requests",
                    callsPerDecision / deployments, "requests per Deployment in the decision", null, null, false));
            report.add(new Figure("scaler.writes-per-decision", "scaler", writesPerDecision, "requests",
                    writesPerDecision / changedPerDecision, "writes / Deployments whose count changed",
                    "only changed Deployments written (ratio 1.0)", Math.abs(writesPerDecision - changedPerDecision) < 1e-9,
                    false));
            report.note(String.format(Locale.ROOT, "%d Deployments, %d measured decisions after %d warm-up, %.0f changed "
                            + "per decision, write method %s, readiness wait off; per decision %.1f reads (GET scale), "
                            + "%.1f writes, %.1f other requests; applier p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                            + "floor p50 %.1f ms", deployments, decisions, warmup, changedPerDecision, method,
                    (double) reads / decisions, writesPerDecision, (double) other / decisions, p50, p99,
                    applied.getMaxValue() / 1000.0, floorP50));
        } finally {
            server.destroy();
        }
        report.finish(parsed.out());
    }

    /** Reads the requests the server recorded since the last call: {reads, writes, other}. */
    private static int[] drain(KubernetesMockServer server) throws InterruptedException {
        int[] counts = new int[3];
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            switch (request.getMethod()) {
                case "GET" -> counts[0]++;
                case "PUT", "PATCH" -> counts[1]++;
                default -> counts[2]++;
            }
        }
        return counts;
    }

    private static ScalingDecision decisionRecord(int k, Map<String, Integer> targets) {
        return ScalingDecision.newBuilder()
                .setDecisionId(NAMESPACE + "/queueflower/" + (1_000_000L + k * 90_000L))
                .setNamespace(NAMESPACE)
                .setWindowStart(910_000L + k * 90_000L)
                .setWindowEnd(1_000_000L + k * 90_000L)
                .setCreatedAtMs(System.currentTimeMillis())
                .setAlgorithm("queueflower")
                .setTargets(new TreeMap<>(targets))
                .setFlows(Map.of())
                .build();
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("example/" + name + ":1").endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .endStatus()
                .build();
    }

    /** The harness does not publish replica states. */
    private static final class DiscardingSink implements ReplicaStatusSink {
        @Override
        public void observed(ObservedReplicas replicas) {
        }

        @Override
        public void deleted(DeploymentRef deployment) {
        }
    }
}
