package io.queueflower.scaler.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.queueflower.core.safety.DecisionLedger;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.WriteGate;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.scaler.kafka.DecisionConsumer;
import io.queueflower.scaler.kafka.ReplicaStatusPublisher;
import io.queueflower.scaler.kafka.ScalerMetrics;
import io.queueflower.scaler.kubernetes.DeploymentWatcher;
import io.queueflower.scaler.kubernetes.Fabric8DeploymentFacts;
import io.queueflower.scaler.kubernetes.LeaseLeadership;
import io.queueflower.scaler.kubernetes.ScaleSubresourcePatcher;
import io.queueflower.schemas.Topics;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scaler: while this replica leads (or always, without leader election) it watches the allowed
 * namespaces, publishes their replicas and consumes decisions; while it stands by it does nothing but wait.
 *
 * <p>Leadership changes arrive on the elector's thread and are carried out one at a time on a control thread, so a
 * slow start (informer sync, consumer group join) never delays a lease renewal.
 */
public final class ScalerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScalerService.class);
    private static final int DECISION_IDS_REMEMBERED = 1024;

    private final ScalerConfig config;
    private final KubernetesClient client;
    private final Producer<String, byte[]> producer;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Topics topics;
    private final ScalerMetrics metrics;
    private final Clock clock;
    private final LeaseLeadership leadership;
    private final WriteGate gate;
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> new Thread(r, "scaler-control"));

    private volatile Active active;
    private volatile boolean failed;
    private volatile boolean closing;

    /** What exists only while leading. */
    private record Active(DeploymentWatcher watcher, DecisionConsumer loop, Thread thread,
                          Consumer<String, byte[]> consumer) {
    }

    public ScalerService(ScalerConfig config, KubernetesClient client, Producer<String, byte[]> producer,
                         Supplier<Consumer<String, byte[]>> consumers, MeterRegistry registry, Clock clock,
                         String leaseNamespace, String identity) {
        this.config = config;
        this.client = client;
        this.producer = producer;
        this.consumers = consumers;
        this.topics = Topics.create(config.kafkaSettings());
        this.metrics = new ScalerMetrics(registry);
        this.clock = clock;
        if (config.leaderElectionEnabled()) {
            leadership = new LeaseLeadership(client, config.leaseTiming(leaseNamespace, identity),
                    new LeaseLeadership.Listener() {
                        @Override
                        public void startedLeading() {
                            onControl(ScalerService.this::activate);
                        }

                        @Override
                        public void stoppedLeading() {
                            onControl(ScalerService.this::deactivate);
                        }
                    });
            gate = leadership;
        } else {
            leadership = null;
            gate = () -> !closing;
        }
        Gauge.builder("qf.scaler.leader", () -> isLeading() ? 1 : 0)
                .description("1 while this replica leads and applies decisions").register(registry);
    }

    public void start() {
        if (leadership != null) {
            leadership.start();
        } else {
            onControl(this::activate);
        }
    }

    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: nothing is activated again, and deactivation has already run.
            log.debug("Ignoring leadership change after close");
        }
    }

    public boolean isLeading() {
        return leadership == null ? active != null : leadership.isLeader();
    }

    /** Live unless the decision loop died of an error it could not handle. */
    public boolean isLive() {
        return !failed;
    }

    /** Ready as standby, or as leader once the caches are synced and decisions are being consumed. */
    public boolean isReady() {
        if (failed) {
            return false;
        }
        Active current = active;
        if (!isLeading()) {
            return leadership != null;
        }
        return current != null && current.watcher().synced() && current.loop().isConsuming();
    }

    private void activate() {
        if (active != null || closing || !gate.mayWrite()) {
            return;
        }
        log.info("Activating: watching {} and consuming {}", config.allowlist().namespaces(), topics.decisions.name());
        ReplicaStatusPublisher publisher = new ReplicaStatusPublisher(producer, topics);
        DeploymentWatcher watcher = new DeploymentWatcher(client, config.allowlist().namespaces(), publisher, clock);
        try {
            watcher.start();
        } catch (RuntimeException e) {
            watcher.close();
            fail("cannot watch Deployments", e);
            return;
        }
        // A new leader starts with no history: the stabiliser primes itself with current counts and the ledger
        // relies on committed offsets.
        DecisionApplier applier = config.applier(new ScaleSubresourcePatcher(client, config.writeMethod()),
                        new Fabric8DeploymentFacts(client, watcher))
                .ledger(new DecisionLedger(DECISION_IDS_REMEMBERED)).availability(watcher).gate(gate).clock(clock)
                .random(() -> ThreadLocalRandom.current().nextDouble()).build();
        Consumer<String, byte[]> consumer = consumers.get();
        DecisionConsumer loop = new DecisionConsumer(consumer, producer, topics, applier, gate, metrics,
                config.pollTimeout());
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (RuntimeException e) {
                fail("decision loop failed", e);
            }
        }, "scaler-decisions");
        active = new Active(watcher, loop, thread, consumer);
        thread.start();
    }

    private void deactivate() {
        Active current = active;
        if (current == null) {
            return;
        }
        active = null;
        log.info("Deactivating: finishing the decision in hand (at most {} ms)", config.shutdownTimeout().toMillis());
        current.loop().stop();
        try {
            current.thread().join(config.shutdownTimeout().toMillis());
            if (current.thread().isAlive()) {
                log.warn("Decision in hand not finished within {} ms; abandoning it uncommitted",
                        config.shutdownTimeout().toMillis());
                current.thread().interrupt();
                current.thread().join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            current.consumer().close();
        } catch (RuntimeException e) {
            log.warn("Closing the decision consumer failed: {}", e.toString());
        }
        current.watcher().close();
    }

    private void fail(String what, Exception e) {
        log.error("{}; reporting unhealthy and giving up leadership", what, e);
        failed = true;
        if (leadership != null) {
            leadership.close();
        }
        onControl(this::deactivate);
    }

    /** Stops consuming, finishes or abandons the decision in hand, releases the lease. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (leadership != null) {
            leadership.close();
        }
        onControl(this::deactivate);
        control.shutdown();
        try {
            if (!control.awaitTermination(config.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                log.warn("Scaler did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
