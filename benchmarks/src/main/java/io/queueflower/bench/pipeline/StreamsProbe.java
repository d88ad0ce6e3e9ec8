package io.queueflower.bench.pipeline;

import io.queueflower.streams.topology.QueueFlowerMetrics;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/** Reads the running app's own counters and Kafka Streams' RocksDB metrics. */
final class StreamsProbe {
    /**
     * RocksDB's own accounting of its native memory, per store, as Kafka Streams reports it (KIP-607, recording level
     * INFO): memtables (active and immutable, not yet flushed), block cache in use, and index/filter blocks held by
     * open table readers. Their sum is what the stores occupy outside the Java heap.
     */
    static final Set<String> ROCKSDB_MEMORY = Set.of("size-all-mem-tables", "block-cache-usage", "estimate-table-readers-mem");

    private final KafkaStreams streams;

    StreamsProbe(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Sum of one of our counters ({@code <operation>-total}) over threads and tasks. */
    long counter(String operation) {
        return (long) sum(QueueFlowerMetrics.GROUP, Set.of(operation + "-total"));
    }

    long spansDecoded() {
        return counter("spans-decoded");
    }

    long tracesAssembled() {
        return counter("traces-assembled");
    }

    /** Bytes of native memory the RocksDB stores report (see {@link #ROCKSDB_MEMORY}). */
    long rocksDbMemoryBytes() {
        return (long) sum("stream-state-metrics", ROCKSDB_MEMORY);
    }

    /** Per metric name, the sum over stores, for the report. */
    Map<String, Double> rocksDbBreakdown() {
        Map<String, Double> byName = new java.util.TreeMap<>();
        for (String name : ROCKSDB_MEMORY) {
            byName.put(name, sum("stream-state-metrics", Set.of(name)));
        }
        byName.put("estimate-num-keys", sum("stream-state-metrics", Set.of("estimate-num-keys")));
        return byName;
    }

    private double sum(String group, Set<String> names) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.group().equals(group) && names.contains(name.name())) {
                Object value = entry.getValue().metricValue();
                if (value instanceof Number number && !Double.isNaN(number.doubleValue())) {
                    total += number.doubleValue();
                }
            }
        }
        return total;
    }
}
