package io.queueflower.scaler.kafka;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.core.scaling.Decision;

/**
 * The scaler's own record-to-decision mapping ({@link AvroMapping}, package-private there) for the scaler harness,
 * which times from the Avro record onwards. Lives in the scaler's package only to reach it.
 */
public final class DecisionMapping {
    private DecisionMapping() {
    }

    public static Decision decision(String key, ScalingDecision record) {
        return AvroMapping.decision(key, record);
    }
}
