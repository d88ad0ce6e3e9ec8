package io.queueflower.simulator.follow;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.schemas.Topics;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.cluster.SimulatedScaler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster's scaler, on one thread: reads {@code qf.decisions}, applies each decision to the simulated
 * Deployments with {@link SimulatedScaler} (the scaler's own rules, at the scaler app's defaults), and publishes what a real scaler would: every outcome to {@code qf.scale-events} and the
 * resulting replicas to {@code qf.replicas}, so the streams app's next decision starts from them.
 *
 * <p>Used by the demo and by {@code simulate} with {@code sim.follow.decisions=true} (compose's load, where no
 * Kubernetes runs): the loop is closed through real Kafka topics, only the cluster is simulated.
 */
public final class KafkaDecisionFollower implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaDecisionFollower.class);

    /** What a caller wants to see of the loop; both run on the follower's thread. */
    public interface Listener {
        /** A window's per-service statistics, when the follower was asked to read them too. */
        default void stats(ServiceWindowStats stats) {
        }

        /** A decision was applied (or refused in part: see the reports) and replicas published. */
        void applied(ScalingDecision decision, List<ScaleReport> reports);
    }

    private final Topics topics;
    private final SimulatedDeployments deployments;
    private final SimulatedScaler scaler;
    private final Listener listener;
    private final boolean readStats;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong decisionsApplied = new AtomicLong();
    private final AtomicLong scaleActions = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile long lastWindowEnd = Long.MIN_VALUE;

    /**
     * @param consumerSettings Kafka consumer keys (bootstrap, group, security); byte-array deserializers are set here
     * @param producerSettings Kafka producer keys; byte-array serializers are set here
     * @param readStats        also read {@code qf.service-stats} and hand them to the listener
     */
    public KafkaDecisionFollower(Map<String, Object> consumerSettings, Map<String, Object> producerSettings, Topics topics,
                            SimulatedDeployments deployments, boolean readStats, Listener listener) {
        this.topics = topics;
        this.deployments = deployments;
        this.listener = listener;
        this.readStats = readStats;
        this.scaler = new SimulatedScaler(deployments, SimulatedScaler.Rules.scalerDefaults());
        this.consumer = new KafkaConsumer<>(consumerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes every Deployment's replicas, as the scaler's watcher would after a change. */
    public void publishReplicas() {
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
            List<String> subscription = new ArrayList<>(List.of(topics.decisions.name()));
            if (readStats) {
                subscription.add(topics.serviceStats.name());
            }
            consumer.subscribe(subscription);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.serviceStats.name())) {
                        listener.stats(topics.serviceStats.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    } else {
                        handle(r);
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to stop
        } catch (RuntimeException e) {
            failed = true;
            log.error("The simulated cluster's scaler stopped on an error", e);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        String key;
        ScalingDecision decision;
        try {
            key = topics.decisions.keySerde().deserializer().deserialize(r.topic(), r.key());
            decision = topics.decisions.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            // The scaler sends such a record to its dead-letter topic; here the pipeline under test wrote it, so
            // skipping it with an error line is enough, and the loop goes on.
            errors.incrementAndGet();
            log.error("Skipping unreadable decision at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.toString());
            return;
        }
        if (!deployments.namespace().equals(decision.getNamespace())) {
            return; // another namespace's decision: not this cluster's to apply
        }
        if (key != null && !key.equals(decision.getNamespace())) {
            errors.incrementAndGet();
            log.warn("Ignoring decision {}: key '{}' is not its namespace", decision.getDecisionId(), key);
            return;
        }
        List<ScaleReport> reports = scaler.apply(decision);
        for (ScaleReport report : reports) {
            if (report.outcome() == ScaleReport.Outcome.APPLIED) {
                scaleActions.incrementAndGet();
            }
            send(topics.scaleEvents, report.key(), report.toScaleEvent());
        }
        decisionsApplied.incrementAndGet();
        publishReplicas();
        listener.applied(decision, reports);
        lastWindowEnd = Math.max(lastWindowEnd, decision.getWindowEnd());
    }

    /** End (epoch ms) of the latest window whose decision was applied. */
    public long lastWindowEnd() {
        return lastWindowEnd;
    }

    public long decisionsApplied() {
        return decisionsApplied.get();
    }

    /** Deployments whose replicas a decision changed, summed over decisions. */
    public long scaleActions() {
        return scaleActions.get();
    }

    /** Decision records skipped as unreadable or inconsistent. */
    public long errors() {
        return errors.get();
    }

    /** False once the loop died on an error (the simulator's /health reports it). */
    public boolean healthy() {
        return !failed;
    }

    /** Stops the loop; call from another thread, then join it and {@link #close()}. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
