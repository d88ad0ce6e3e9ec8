package io.queueflower.scaler.kafka;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.scaling.ScaleRequest;

/**
 * The scaler's own record-to-decision mapping ({@link AvroMapping}, package-private there) for the scaler harness,
 * which times from the Avro record onwards. Lives in the scaler's package only to reach it.
 */
public final class DecisionMapping {
    private DecisionMapping() {
    }

    public static ScaleRequest decision(String key, ScalingDecision record) {
        return AvroMapping.decision(key, record);
    }
}
