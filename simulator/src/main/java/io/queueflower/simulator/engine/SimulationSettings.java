package io.queueflower.simulator.engine;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Settings of one simulation run.
 *
 * @param seed                 seed of every random draw: the same seed, model, workload and replica changes give the
 *                             same run, span for span
 * @param epochStartMicros     Unix time (µs) that simulated time 0 stands for; span timestamps are epochStart + t
 * @param actuationDelaySeconds pod start-up time: a replica added at t serves from t + delay
 * @param emitSpans            build the spans of every request (off for runs that only need latencies)
 * @param initialReplicas      service → replicas at t = 0, overriding the model's; services not named keep the model's
 * @param stopArrivalsAtSeconds no request arrives at or after this time (+∞: never stop)
 */
public record SimulationSettings(long seed, long epochStartMicros, double actuationDelaySeconds, boolean emitSpans,
                                SortedMap<String, Integer> initialReplicas, double stopArrivalsAtSeconds) {
    /** 2026-01-01T00:00:00Z: a fixed, window-aligned epoch so virtual-time runs are reproducible. */
    public static final long DEFAULT_EPOCH_MICROS = 1_767_225_600_000_000L;

    public SimulationSettings {
        if (!(actuationDelaySeconds >= 0) || !Double.isFinite(actuationDelaySeconds)) {
            throw new IllegalArgumentException("actuation delay must be a finite number of seconds >= 0, got "
                    + actuationDelaySeconds);
        }
        if (epochStartMicros < 0) {
            throw new IllegalArgumentException("epoch start must be >= 0 µs, got " + epochStartMicros);
        }
        if (!(stopArrivalsAtSeconds >= 0)) {
            throw new IllegalArgumentException("stop-arrivals time must be >= 0 s, got " + stopArrivalsAtSeconds);
        }
        initialReplicas = new TreeMap<>(Objects.requireNonNull(initialReplicas, "initialReplicas"));
        initialReplicas.forEach((service, replicas) -> {
            if (replicas == null || replicas < 0) {
                throw new IllegalArgumentException("initial replicas of " + service + " must be >= 0, got " + replicas);
            }
        });
        initialReplicas = java.util.Collections.unmodifiableSortedMap(initialReplicas);
    }

    public static SimulationSettings defaults(long seed) {
        return new SimulationSettings(seed, DEFAULT_EPOCH_MICROS, 0, true, new TreeMap<>(), Double.POSITIVE_INFINITY);
    }

    public SimulationSettings withEpochStartMicros(long value) {
        return new SimulationSettings(seed, value, actuationDelaySeconds, emitSpans, initialReplicas, stopArrivalsAtSeconds);
    }

    public SimulationSettings withActuationDelay(double seconds) {
        return new SimulationSettings(seed, epochStartMicros, seconds, emitSpans, initialReplicas, stopArrivalsAtSeconds);
    }

    public SimulationSettings withSpans(boolean value) {
        return new SimulationSettings(seed, epochStartMicros, actuationDelaySeconds, value, initialReplicas, stopArrivalsAtSeconds);
    }

    public SimulationSettings withInitialReplicas(Map<String, Integer> value) {
        return new SimulationSettings(seed, epochStartMicros, actuationDelaySeconds, emitSpans, new TreeMap<>(value),
                stopArrivalsAtSeconds);
    }

    public SimulationSettings withStopArrivalsAt(double seconds) {
        return new SimulationSettings(seed, epochStartMicros, actuationDelaySeconds, emitSpans, initialReplicas, seconds);
    }
}
