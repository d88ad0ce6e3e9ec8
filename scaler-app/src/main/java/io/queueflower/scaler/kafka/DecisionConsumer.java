package io.queueflower.scaler.kafka;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.LeadershipLostException;
import io.queueflower.core.scaling.ScaleReport;
import io.queueflower.core.scaling.ScaleRequest;
import io.queueflower.core.scaling.WriteGate;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that reads qf.decisions and hands each decision to the {@link DecisionApplier}.
 *
 * <p>A record's offset is committed only once the decision is fully handled: every Deployment attempted and every
 * ScaleEvent acknowledged by the broker (or, for a malformed record, once it is safely on qf.dlq). A crash, a
 * shutdown or a lost leadership in between leaves the offset where it was and the decision is handled again, which
 * is harmless because its targets are absolute.
 */
public final class DecisionConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DecisionConsumer.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final DecisionApplier applier;
    private final WriteGate gate;
    private final ScalerMetrics metrics;
    private final Duration pollTimeout;
    private volatile boolean running = true;
    private volatile boolean assigned;

    public DecisionConsumer(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, Topics topics,
                            DecisionApplier applier, WriteGate gate, ScalerMetrics metrics, Duration pollTimeout) {
        this.consumer = consumer;
        this.producer = producer;
        this.topics = topics;
        this.applier = applier;
        this.gate = gate;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
    }

    /** Asks the loop to stop after the record in hand; {@link #run} then returns within one poll timeout. */
    public void stop() {
        running = false;
    }

    /** True once the consumer has joined its group, holds partitions and knows where it reads from. */
    public boolean isConsuming() {
        return assigned && running;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.decisions.name()));
            while (running && gate.mayWrite()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                if (!assigned && !consumer.assignment().isEmpty()) {
                    // Ready only once the positions are known, so anything sent from now on will be read.
                    consumer.assignment().forEach(consumer::position);
                    assigned = true;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!running || !gate.mayWrite()) {
                        // Uncommitted records are delivered again to whoever consumes next.
                        return;
                    }
                    if (!handle(record)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.abandoned();
            log.info("Decision consumer interrupted; the decision in hand is left uncommitted");
        } finally {
            assigned = false;
        }
    }

    /** @return false when the loop must stop without going further */
    private boolean handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        long started = System.nanoTime();
        ScaleRequest decision;
        try {
            ScalingDecision avro = topics.decisions.valueSerde().deserializer().deserialize(record.topic(), record.headers(),
                    record.value());
            if (avro == null) {
                throw new IllegalArgumentException("record has no value");
            }
            decision = AvroMapping.decision(record.key(), avro);
        } catch (KafkaException | IllegalArgumentException | NullPointerException e) {
            deadLetter(record, e);
            commit(record);
            return true;
        }
        List<ScaleReport> reports;
        try {
            reports = applier.apply(decision);
        } catch (LeadershipLostException e) {
            metrics.abandoned();
            log.warn("Leadership lost while handling decision {}; left uncommitted for the next leader",
                    decision.decisionId());
            return false;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ScaleReport report : reports) {
            metrics.reported(report);
            byte[] value = topics.scaleEvents.valueSerde().serializer().serialize(topics.scaleEvents.name(),
                    AvroMapping.scaleEvent(report));
            sent.add(producer.send(new ProducerRecord<>(topics.scaleEvents.name(), report.key(), value)));
        }
        awaitAll(sent, "ScaleEvents of decision " + decision.decisionId());
        commit(record);
        metrics.handled(Duration.ofNanos(System.nanoTime() - started));
        return true;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) throws InterruptedException {
        log.warn("Malformed decision at {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
                topics.deadLetters.name(), error.getMessage());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.describe(headers, "scaler-decode", error, record.topic(), record.partition(), record.offset());
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topics.deadLetters.name(), null,
                record.key(), record.value(), headers));
        awaitAll(List.of(sent), "dead letter for " + record.topic() + "-" + record.partition() + "@" + record.offset());
        metrics.deadLettered();
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent, String what) throws InterruptedException {
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Without the report on the topic the decision is not fully handled: fail loudly, uncommitted.
                throw new IllegalStateException("could not write " + what + ": " + e, e);
            }
        }
    }

    private void commit(ConsumerRecord<String, byte[]> record) {
        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)));
    }
}
