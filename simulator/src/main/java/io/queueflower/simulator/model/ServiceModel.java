package io.queueflower.simulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One microservice: a multi-server queue with {@code replicas × concurrencyPerPod} servers.
 *
 * @param name              service name as spans carry it
 * @param replicas          pods at the start of a run (>= 0)
 * @param concurrencyPerPod requests one pod works on at once (>= 1)
 * @param discipline        how waiting work is served
 * @param operations        operation name → operation, in file order
 */
public record ServiceModel(String name, int replicas, int concurrencyPerPod, Discipline discipline,
                           Map<String, OperationModel> operations) {
    public ServiceModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(discipline, "discipline");
        if (replicas < 0) {
            throw new IllegalArgumentException("service " + name + ": replicas must be >= 0, got " + replicas);
        }
        if (concurrencyPerPod < 1) {
            throw new IllegalArgumentException("service " + name + ": concurrencyPerPod must be >= 1, got "
                    + concurrencyPerPod);
        }
        operations = Collections.unmodifiableMap(new LinkedHashMap<>(operations));
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " defines no operation");
        }
        operations.forEach((key, op) -> {
            if (!key.equals(op.name()) || !name.equals(op.service())) {
                throw new IllegalArgumentException("operation " + op.service() + " " + op.name() + " filed under "
                        + name + " " + key);
            }
        });
    }

    public ServiceModel withReplicas(int newReplicas) {
        return new ServiceModel(name, newReplicas, concurrencyPerPod, discipline, operations);
    }
}
