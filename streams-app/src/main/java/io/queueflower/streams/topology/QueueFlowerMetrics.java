package io.queueflower.streams.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The app's own counters, registered as Kafka Streams sensors so they are reported with (and exported like) the
 * Streams metrics: group {@code stream-queueflower-metrics}, names {@code <operation>-total} and
 * {@code <operation>-rate}, tagged with the thread and the stage.
 */
public final class QueueFlowerMetrics {
    public static final String SCOPE = "queueflower";
    public static final String GROUP = "stream-" + SCOPE + "-metrics";

    private QueueFlowerMetrics() {
    }

    public static Sensor counter(StreamsMetrics metrics, String stage, String operation) {
        return metrics.addRateTotalSensor(SCOPE, stage, operation, Sensor.RecordingLevel.INFO);
    }
}
