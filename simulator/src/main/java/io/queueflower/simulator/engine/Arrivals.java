package io.queueflower.simulator.engine;

import io.queueflower.core.workload.RatePattern;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** Where requests come from: one Poisson stream split among the flows by their weights, or one stream per flow. */
public sealed interface Arrivals {
    /** One stream at {@code total} requests/s; each request picks its flow by the model's weights. */
    record Mixed(RatePattern total) implements Arrivals {
        public Mixed {
            Objects.requireNonNull(total, "total");
        }
    }

    /**
     * One stream per flow, so the mix itself can change over time (the bottleneck moves); flows not named get no
     * requests.
     *
     * @param rates flow (root operation) → its arrival rate
     */
    record PerFlow(SortedMap<String, RatePattern> rates) implements Arrivals {
        public PerFlow {
            if (rates.isEmpty()) {
                throw new IllegalArgumentException("per-flow arrivals need at least one flow");
            }
            rates = Collections.unmodifiableSortedMap(new TreeMap<>(rates));
        }

        public static PerFlow of(Map<String, RatePattern> rates) {
            return new PerFlow(new TreeMap<>(rates));
        }
    }
}
