package io.queueflower.core.scaling;

import io.queueflower.core.safety.DeploymentRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A cluster in memory for the core's tests: Deployments, labels, HPAs, scripted failures and a call log. */
final class InMemoryCluster implements ReplicaTarget, DeploymentFacts, AvailabilityWatch {
    final Map<DeploymentRef, Integer> replicas = new HashMap<>();
    final Map<DeploymentRef, Map<String, String>> labels = new HashMap<>();
    final Map<DeploymentRef, String> hpas = new HashMap<>();
    final Deque<ReplicaTargetException> writeFailures = new ArrayDeque<>();
    final Deque<ReplicaTargetException> readFailures = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    final Map<DeploymentRef, CompletableFuture<Void>> availability = new HashMap<>();
    /** Applied by the next write before it fails with a conflict, as another writer would. */
    Integer concurrentWrite;
    /** When set, a failing write still changes the count first (a timed-out request that got through). */
    boolean failedWritesLand;

    InMemoryCluster with(String key, int count) {
        replicas.put(DeploymentRef.parse(key), count);
        return this;
    }

    @Override
    public int currentReplicas(DeploymentRef ref) throws ReplicaTargetException {
        calls.add("read " + ref);
        if (!readFailures.isEmpty()) {
            throw readFailures.pop();
        }
        Integer count = replicas.get(ref);
        if (count == null) {
            throw new ReplicaTargetException(ReplicaTargetException.Kind.NOT_FOUND, "deployment " + ref + " not found");
        }
        return count;
    }

    @Override
    public void setReplicas(DeploymentRef ref, int count) throws ReplicaTargetException {
        calls.add("write " + ref + "=" + count);
        if (!writeFailures.isEmpty()) {
            ReplicaTargetException failure = writeFailures.pop();
            if (failure.kind() == ReplicaTargetException.Kind.CONFLICT && concurrentWrite != null) {
                replicas.put(ref, concurrentWrite);
                concurrentWrite = null;
            } else if (failedWritesLand) {
                replicas.put(ref, count);
            }
            throw failure;
        }
        replicas.put(ref, count);
    }

    @Override
    public Map<String, String> labels(DeploymentRef ref) throws ReplicaTargetException {
        calls.add("labels " + ref);
        if (!replicas.containsKey(ref)) {
            throw new ReplicaTargetException(ReplicaTargetException.Kind.NOT_FOUND, "deployment " + ref + " not found");
        }
        return labels.getOrDefault(ref, Map.of());
    }

    @Override
    public Optional<String> horizontalPodAutoscaler(DeploymentRef ref) {
        calls.add("hpa " + ref);
        return Optional.ofNullable(hpas.get(ref));
    }

    @Override
    public CompletableFuture<Void> whenAvailable(DeploymentRef ref, int count) {
        return availability.computeIfAbsent(ref, r -> new CompletableFuture<>());
    }

    static ReplicaTargetException failure(ReplicaTargetException.Kind kind) {
        return new ReplicaTargetException(kind, "injected " + kind);
    }
}
