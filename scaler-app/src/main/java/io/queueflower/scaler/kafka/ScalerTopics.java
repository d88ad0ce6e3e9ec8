package io.queueflower.scaler.kafka;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.util.Map;

/**
 * The four topics the scaler touches and their value serdes.
 *
 * <p>TODO(integration): replace with {@code io.queueflower.schemas.Topics} once the catalogue lands on main; the names
 * and serdes here are the ones it declares.
 */
public final class ScalerTopics {
    public static final String DECISIONS = "qf.decisions";
    public static final String SCALE_EVENTS = "qf.scale-events";
    public static final String REPLICAS = "qf.replicas";
    public static final String DEAD_LETTERS = "qf.dlq";

    final SpecificAvroSerde<ScalingDecision> decisions;
    final SpecificAvroSerde<ScaleEvent> scaleEvents;
    final SpecificAvroSerde<ReplicaStatus> replicas;

    public ScalerTopics(Map<String, ?> serdeConfig) {
        decisions = SpecificAvroSerde.forClass(ScalingDecision.class, serdeConfig, false);
        scaleEvents = SpecificAvroSerde.forClass(ScaleEvent.class, serdeConfig, false);
        replicas = SpecificAvroSerde.forClass(ReplicaStatus.class, serdeConfig, false);
    }
}
