package io.queueflower.simulator.experiment;

import io.queueflower.core.algorithm.AlgorithmSettings;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** A way of choosing replicas: a scaling algorithm in the closed loop, or a fixed allocation. */
public sealed interface Policy {
    String name();

    /** One of the streams app's algorithms, deciding every window. */
    record ClosedLoopPolicy(String name, AlgorithmSettings config) implements Policy {
    }

    /** The Kubernetes HPA on the pods' measured CPU, run by the cluster every sync period ({@code ClusterHpa}). */
    record ClusterHpaPolicy(String name, io.queueflower.core.algorithm.HpaSettings params) implements Policy {
    }

    /** The same replicas all run long. */
    record StaticPolicy(String name, SortedMap<String, Integer> replicas) implements Policy {
        public StaticPolicy {
            replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas));
        }

        public int total() {
            return replicas.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
