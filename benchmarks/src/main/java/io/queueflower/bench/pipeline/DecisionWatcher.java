package io.queueflower.bench.pipeline;

import io.queueflower.avro.FlowStats;
import io.queueflower.avro.ScalingDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/** Reads qf.decisions as the scaler would (read_committed) and notes when each decision became visible. */
final class DecisionWatcher implements AutoCloseable {
    /** A decision as seen: its window, how many traces it covered, and the wall clock when it was read. */
    record Seen(long windowStartMs, long windowEndMs, long traces, long receivedAtMs) {
    }

    private final KafkaConsumer<String, ScalingDecision> consumer;
    private final Thread thread;
    private final List<Seen> seen = new ArrayList<>();
    private volatile boolean running = true;

    DecisionWatcher(Rig rig) {
        Properties props = rig.kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "decision-watcher-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        consumer = new KafkaConsumer<>(props, rig.topics.decisions.keySerde().deserializer(),
                rig.topics.decisions.valueSerde().deserializer());
        consumer.subscribe(List.of(rig.topics.decisions.name()));
        thread = new Thread(this::run, "decision-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, ScalingDecision> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    ScalingDecision decision = record.value();
                    long traces = 0;
                    for (FlowStats flow : decision.getFlows().values()) {
                        traces += flow.getTraces();
                    }
                    synchronized (seen) {
                        seen.add(new Seen(decision.getWindowStart(), decision.getWindowEnd(), traces, now));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    long tracesDecided() {
        return seen().stream().mapToLong(Seen::traces).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
