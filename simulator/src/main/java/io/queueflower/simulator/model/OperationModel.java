package io.queueflower.simulator.model;

import java.util.Objects;

/**
 * One operation of a service (a gRPC method or an HTTP route).
 *
 * @param service          owning service
 * @param name             operation name as spans carry it, e.g. {@code /search.Search/Nearby}
 * @param serviceTime      the operation's own work, holding one server (excludes the calls it makes)
 * @param errorProbability chance that the operation fails after its work (its span and its caller's fail)
 */
public record OperationModel(String service, String name, Distribution serviceTime, double errorProbability) {
    public OperationModel {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(serviceTime, "serviceTime");
        if (!(errorProbability >= 0 && errorProbability <= 1)) {
            throw new IllegalArgumentException("operation " + service + " " + name
                    + ": errorProbability must be in [0, 1], got " + errorProbability);
        }
    }
}
