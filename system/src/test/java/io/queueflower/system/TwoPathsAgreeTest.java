package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.Span;
import io.queueflower.avro.SpanKind;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.workload.ConstantRate;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.schemas.Topics;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.export.KafkaTraceSink;
import io.queueflower.simulator.export.TraceEncoder;
import io.queueflower.simulator.loop.InProcessLoop;
import io.queueflower.simulator.loop.LoopSettings;
import io.queueflower.simulator.loop.WindowDecision;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ModelLoader;
import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.topology.Watermarks;
import io.queueflower.streams.topology.WindowDecisionTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory closed loop ({@link InProcessLoop}, the algorithm called directly) and the full pipeline
 * (simulator → in-process Kafka → streams app → qf.decisions → simulator), given the same seed, make the same
 * decisions window by window.
 *
 * <p>Two simulations with the same model, seed and options run side by side: A under an {@link InProcessLoop}, B in
 * lock-step with the streams app. For each window k, B runs to the window's close time (end + grace, exactly where the
 * loop closes it), its completed traces having gone to the input topic as otlp-proto records on one partition as
 * they completed; then a watermark (the streams app's own reserved-service span that advances event time without
 * being traffic) at close + {@code trace.idle.ms} makes the streams app assemble every trace B has completed and close
 * window k; the decision read from qf.decisions is applied to B as the loop applies its own, and B's Deployments are
 * published to qf.replicas — and seen in the app's global table — before the next close.
 *
 * <p>Why the watermark rather than more traffic: the streams app only closes a window once event time passes its
 * close, and only knows a trace is complete after {@code trace.idle.ms}. Traffic that far ahead would require B to
 * simulate past the close before the decision is applied, which is exactly what the loop does not do. With B paused
 * at the close, the traces on Kafka are precisely those completed by the close, the set the loop counts; assembling
 * them idle time later changes no trace (spans carry their own times), so both paths decide on the same input.
 */
class TwoPathsAgreeTest {
    private static final AppModel MODEL = ModelLoader.defaultModel();
    private static final String NAMESPACE = "hotel";
    private static final String PATTERN = "hr-{service}";
    private static final long WINDOW_MS = 30_000;
    private static final long GRACE_MS = 5_000;
    private static final long IDLE_MS = 1_000;
    private static final int WINDOWS = 5;
    private static final double RATE = 30; // requests per second
    private static final long SEED = 11;
    private static final double RELATIVE_TOLERANCE = 1e-9;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void inMemoryLoopAndKafkaPipelineDecideTheSameWindowByWindow(@TempDir Path dir) throws Exception {
        // Epoch near the broker's clock (window-aligned), so no retention rule ever treats our records as old.
        long epochMs = System.currentTimeMillis() - System.currentTimeMillis() % WINDOW_MS - 10 * WINDOW_MS;
        SimulationSettings options = SimulationSettings.defaults(SEED).withEpochStartMicros(epochMs * 1000)
                .withActuationDelay(10);
        LoopSettings loopSettings = new LoopSettings(WINDOW_MS, GRACE_MS, true, NAMESPACE,
                new DeploymentNames(PATTERN, Map.of()));

        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            String registry = "mock://two-paths";
            Topics topics = Topics.create(Map.of("schema.registry.url", registry));
            // One partition per topic keeps span order, and the watermark after every span sent before it.
            kafka.createTopics(topics.newTopics(1, (short) 1));
            StreamsAppConfig appConfig = new StreamsAppConfig(appSettings(kafka, registry, dir));
            // One algorithm configuration for both paths: the streams app's own, read from its settings and SLA files.
            var algorithmSettings = appConfig.algorithmSettings();
            assertThat(algorithmSettings.averageSla().isEmpty()).isFalse();

            // Path A: in memory, all windows, the algorithm called directly.
            Simulation inMemory = new Simulation(MODEL, new ConstantRate(RATE), options, r -> { });
            List<WindowDecision> expected = new ArrayList<>();
            InProcessLoop loop = new InProcessLoop(inMemory, algorithmSettings, loopSettings, expected::add);
            long firstWindow = loopSettings.windowStart(epochMs);

            // Path B: the same simulation, through Kafka.
            KafkaTraceSink sink = new KafkaTraceSink(kafka.bootstrapServers(), topics.input.name(),
                    new TraceEncoder(SpanFormat.OTLP_PROTO, NAMESPACE), Map.of());
            Simulation throughKafka = new Simulation(MODEL, new ConstantRate(RATE), options, request -> {
                try {
                    sink.accept(request.spans());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            SimulatedDeployments cluster = new SimulatedDeployments(throughKafka, NAMESPACE,
                    new DeploymentNames(PATTERN, Map.of()));
            List<ScalingDecision> actual = new ArrayList<>();
            try (KafkaProducer<String, ReplicaStatus> replicas = kafka.producer(topics.replicas.keySerde().serializer(),
                         topics.replicas.valueSerde().serializer());
                 KafkaConsumer<String, ScalingDecision> decisions = kafka.consumer(
                         topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer())) {
                // The replicas the loop starts from, in the global table before the app starts (it restores first).
                publish(replicas, topics, cluster);
                decisions.assign(List.of(new TopicPartition(topics.decisions.name(), 0)));
                decisions.seekToBeginning(decisions.assignment());
                try (StreamsApp app = StreamsApp.start(appConfig)) {
                    // Path A runs while the app joins its group.
                    loop.runUntil(loop.closeTimeSeconds(firstWindow + (WINDOWS - 1) * WINDOW_MS));
                    assertThat(expected).hasSize(WINDOWS);

                    for (int k = 0; k < WINDOWS; k++) {
                        long windowStart = firstWindow + k * WINDOW_MS;
                        double closeSeconds = loop.closeTimeSeconds(windowStart);
                        throughKafka.runUntil(closeSeconds);
                        long closeMs = windowStart + WINDOW_MS + GRACE_MS;
                        // Idle time past the close: a trace that B completed just before the close is assembled too.
                        sink.accept(List.of(watermark(k, closeMs + IDLE_MS)));
                        ScalingDecision decision = nextDecision(decisions, windowStart);
                        actual.add(decision);
                        cluster.applyDecision(decision);
                        publish(replicas, topics, cluster);
                        awaitGlobalReplicas(app.streams(), cluster);
                    }
                }
            } finally {
                sink.close();
            }

            assertThat(actual).hasSameSizeAs(expected).hasSizeGreaterThanOrEqualTo(3);
            for (int k = 0; k < expected.size(); k++) {
                WindowDecision window = expected.get(k);
                assertThat(window.traces()).as("window %d traces", k).isPositive();
                // Every trace the loop counted is in the app's flows (error-free + error traces).
                assertThat(actual.get(k).getFlows().values().stream().mapToLong(f -> f.getTraces() + f.getErrors())
                        .sum()).as("window %d traces on Kafka", k).isEqualTo(window.traces());
                assertSameDecision("window " + k, window.record(), actual.get(k));
            }
            // Meaningful only if decisions moved pods: some window changed replicas, and later windows started from it.
            assertThat(expected).anySatisfy(w -> assertThat(w.changes()).isPositive());
            assertThat(expected.stream().map(WindowDecision::replicasBefore).distinct().count()).isGreaterThan(1);
            // Both simulations ended in the same state because they were driven by the same decisions.
            assertThat(throughKafka.replicas()).isEqualTo(inMemory.replicas());
            assertThat(throughKafka.requestsCompleted()).isEqualTo(inMemory.requestsCompleted());
        }
    }

    private static Map<String, String> appSettings(EmbeddedKafkaCluster kafka, String registry, Path dir)
            throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", registry);
        settings.put("application.id", "two-paths");
        settings.put("commit.interval.ms", "100");
        settings.put("main.consumer.session.timeout.ms", "6000");
        settings.put("main.consumer.heartbeat.interval.ms", "1000");
        settings.put("state.dir", dir.resolve("state").toString());
        settings.put(StreamsAppConfig.STATE_STORES, "in-memory");
        settings.put(StreamsAppConfig.HTTP_PORT, "0");
        settings.put(StreamsAppConfig.HTTP_HOST, "127.0.0.1");
        settings.put(StreamsAppConfig.INPUT_FORMAT, "otlp-proto");
        settings.put(StreamsAppConfig.TRACE_IDLE_MS, Long.toString(IDLE_MS));
        // Far above any trace's span spread, so a trace is only ever assembled whole (after idle, root present).
        settings.put(StreamsAppConfig.TRACE_MAX_WAIT_MS, Long.toString(WINDOW_MS));
        settings.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(WINDOW_MS));
        settings.put(StreamsAppConfig.WINDOW_GRACE_MS, Long.toString(GRACE_MS));
        settings.put(StreamsAppConfig.WINDOW_EXACT_VALUES, "true");
        settings.put(StreamsAppConfig.TARGET_NAMESPACE, NAMESPACE);
        settings.put(StreamsAppConfig.DEPLOYMENT_PATTERN, PATTERN);
        settings.put(StreamsAppConfig.SLA_AVG_FILE, writeSla(dir.resolve("avg-sla.csv"), MODEL.slaTable(false)));
        settings.put(StreamsAppConfig.SLA_TAIL_FILE, writeSla(dir.resolve("tail-sla.csv"), MODEL.slaTable(true)));
        return settings;
    }

    /** The model's SLAs in the streams app's CSV format (service rows, flow columns, empty cell = no SLA). */
    private static String writeSla(Path file, SortedMap<String, SortedMap<String, Double>> table) throws IOException {
        TreeSet<String> flows = new TreeSet<>();
        table.values().forEach(row -> flows.addAll(row.keySet()));
        StringBuilder csv = new StringBuilder("service");
        flows.forEach(flow -> csv.append(",\"").append(flow.replace("\"", "\"\"")).append('"'));
        csv.append('\n');
        table.forEach((service, row) -> {
            csv.append(service);
            // Double.toString reads back as the same double, so both paths use identical SLA values.
            flows.forEach(flow -> csv.append(',').append(row.containsKey(flow) ? Double.toString(row.get(flow)) : ""));
            csv.append('\n');
        });
        Files.writeString(file, csv);
        return file.toString();
    }

    /**
     * A span of the streams app's reserved watermark service: it moves event time to {@code eventTimeMs} without
     * being counted. It travels as otlp-proto like every span, so it reaches the app after all spans sent before it;
     * its trace id only has to be a valid one (the app recognises a watermark by its service).
     */
    private static Span watermark(int k, long eventTimeMs) {
        return Span.newBuilder()
                .setTraceId(String.format("ffffffffffffffff%016x", k + 1))
                .setSpanId(String.format("%016x", k + 1))
                .setService(Watermarks.SERVICE)
                .setOperation(Watermarks.SERVICE)
                .setKind(SpanKind.INTERNAL)
                .setStartMicros(eventTimeMs * 1000)
                .setDurationMicros(0)
                .build();
    }

    /** Every simulated Deployment's desired replicas on qf.replicas, as the scaler's informer would publish them. */
    private static void publish(KafkaProducer<String, ReplicaStatus> producer, Topics topics,
                                SimulatedDeployments cluster) throws Exception {
        for (Map.Entry<String, Integer> deployment : cluster.deployments().entrySet()) {
            ReplicaStatus status = ReplicaStatus.newBuilder()
                    .setNamespace(NAMESPACE)
                    .setDeployment(deployment.getKey())
                    .setSpecReplicas(deployment.getValue())
                    .setReadyReplicas(deployment.getValue())
                    .setAvailableReplicas(deployment.getValue())
                    .setObservedAtMs(System.currentTimeMillis())
                    .build();
            producer.send(new ProducerRecord<>(topics.replicas.name(), NAMESPACE + "/" + deployment.getKey(), status))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits until the app's global replicas table holds the cluster's replicas. The global table is read by its own
     * thread, unordered with the input; the next window's close must see these, as the loop's would.
     */
    private static void awaitGlobalReplicas(KafkaStreams streams, SimulatedDeployments cluster) throws Exception {
        SortedMap<String, Integer> want = cluster.deployments();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Integer> seen = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                ReadOnlyKeyValueStore<String, ValueAndTimestamp<ReplicaStatus>> store = streams.store(
                        StoreQueryParameters.fromNameAndType(WindowDecisionTopology.REPLICAS_STORE,
                                QueryableStoreTypes.timestampedKeyValueStore()));
                Map<String, Integer> now = new TreeMap<>();
                for (String deployment : want.keySet()) {
                    ValueAndTimestamp<ReplicaStatus> status = store.get(NAMESPACE + "/" + deployment);
                    if (status != null) {
                        now.put(deployment, status.value().getSpecReplicas());
                    }
                }
                seen = now;
                if (now.equals(want)) {
                    return;
                }
            } catch (InvalidStateStoreException notYet) {
                // rebalancing: ask again
            }
            Thread.sleep(20);
        }
        throw new AssertionError("global replicas table did not reach " + want + "; last seen " + seen);
    }

    private static ScalingDecision nextDecision(KafkaConsumer<String, ScalingDecision> consumer, long windowStart) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, ScalingDecision> record : consumer.poll(Duration.ofMillis(50))) {
                ScalingDecision decision = record.value();
                // Decisions come strictly in window order; anything else is a different run of the pipeline.
                assertThat(decision.getWindowStart()).as("next decision's window").isEqualTo(windowStart);
                return decision;
            }
        }
        throw new AssertionError("no decision for window " + windowStart + " within 30 s");
    }

    /**
     * Every field of the two qf.decisions records, doubles within {@link #RELATIVE_TOLERANCE} (the window's traces
     * are summed in completion order in memory and in trace-id order from the app's window store). createdAtMs is left
     * out: by design the loop stamps the simulated close time and the app its wall clock.
     */
    private static void assertSameDecision(String where, ScalingDecision expected, ScalingDecision actual) {
        for (Schema.Field field : ScalingDecision.getClassSchema().getFields()) {
            if (field.name().equals("createdAtMs")) {
                continue;
            }
            assertClose(where + "." + field.name(), expected.get(field.pos()), actual.get(field.pos()));
        }
    }

    private static void assertClose(String path, Object expected, Object actual) {
        if (expected == null || actual == null) {
            assertThat(actual).as(path).isEqualTo(expected);
        } else if (expected instanceof Double e) {
            assertThat(actual).as(path).isInstanceOf(Double.class);
            double a = (Double) actual;
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertThat(a).as(path).isEqualTo(e);
            } else {
                assertThat(Math.abs(a - e)).as(path + ": %s vs %s", e, a)
                        .isLessThanOrEqualTo(RELATIVE_TOLERANCE * Math.max(Math.abs(e), Math.abs(a)));
            }
        } else if (expected instanceof Map<?, ?> e) {
            assertThat(actual).as(path).isInstanceOf(Map.class);
            Map<String, Object> left = byStringKey(e);
            Map<String, Object> right = byStringKey((Map<?, ?>) actual);
            assertThat(right.keySet()).as(path + " keys").isEqualTo(left.keySet());
            left.forEach((key, value) -> assertClose(path + "[" + key + "]", value, right.get(key)));
        } else if (expected instanceof IndexedRecord e) {
            assertThat(actual).as(path).isInstanceOf(IndexedRecord.class);
            for (Schema.Field field : e.getSchema().getFields()) {
                assertClose(path + "." + field.name(), e.get(field.pos()), ((IndexedRecord) actual).get(field.pos()));
            }
        } else if (expected instanceof CharSequence e) {
            assertThat(actual.toString()).as(path).isEqualTo(e.toString());
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static Map<String, Object> byStringKey(Map<?, ?> map) {
        Map<String, Object> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(key.toString(), value));
        return copy;
    }
}
