package io.queueflower.core.estimate;

import io.queueflower.avro.TraceSummary;
import java.util.Arrays;
import java.util.Map;

/** Which per-trace exclusive time the estimates are built from (config {@code exclusive.time}). */
public enum ExclusiveTimeMode {
    /** Duration minus summed direct-children durations, as the QueueFlower reference; negative under fan-out. */
    REFERENCE("reference"),
    /** Duration minus the union of the children's intervals, clipped at 0. */
    OVERLAP_AWARE("overlap-aware");

    private final String configName;

    ExclusiveTimeMode(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration and decision parameters. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration name. */
    public static ExclusiveTimeMode fromConfigName(String name) {
        return Arrays.stream(values()).filter(mode -> mode.configName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown exclusive time mode '" + name
                        + "', expected one of " + Arrays.stream(values()).map(ExclusiveTimeMode::configName).toList()));
    }

    /** The summary's per-service exclusive microseconds in this mode. */
    public Map<String, Long> exclusiveMicros(TraceSummary trace) {
        return this == REFERENCE ? trace.getExclusiveMicros() : trace.getExclusiveOverlapMicros();
    }
}
