package io.queueflower.streams.topology;

import io.queueflower.avro.Span;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Where the decoding stage's records go in qf.spans: a span to the partition of its trace id, exactly as the
 * producer's default partitioner would place its key (murmur2 of the UTF-8 key), so that readers of qf.spans see the
 * usual layout; a progress mark to every partition (Kafka Streams' multicast, KIP-837).
 */
final class SpanPartitioner implements StreamPartitioner<Object, Object> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, Object key, Object value, int numPartitions) {
        if (value instanceof Span span && Watermarks.isWatermark(span)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        byte[] bytes = ((String) key).getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
    }

}
