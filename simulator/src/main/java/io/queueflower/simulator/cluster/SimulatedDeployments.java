package io.queueflower.simulator.cluster;

import io.queueflower.avro.ScalingDecision;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.core.naming.DeploymentNames;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The simulated cluster seen as Kubernetes Deployments of one namespace: Deployment names map to services through the
 * streams app's {@link DeploymentNames} (a pattern such as {@code {service}} or {@code hotel-{service}}), and a
 * Deployment's replicas are its service's desired replicas in the {@link Simulation}.
 *
 * <p>Every method holds this object's lock, and so must whoever advances the simulation while others may scale it
 * (see {@link #advance}): the simulation itself is single-threaded.
 */
public final class SimulatedDeployments {
    private final Simulation simulation;
    private final String namespace;
    private final DeploymentNames names;
    private long scaleActions;

    public SimulatedDeployments(Simulation simulation, String namespace, DeploymentNames names) {
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.names = Objects.requireNonNull(names, "names");
    }

    public String namespace() {
        return namespace;
    }

    public DeploymentNames names() {
        return names;
    }

    public Simulation simulation() {
        return simulation;
    }

    /** The service behind a Deployment of this namespace, if the simulated application has it. */
    public synchronized Optional<String> serviceOf(String namespace, String deployment) {
        if (!this.namespace.equals(namespace)) {
            return Optional.empty();
        }
        return names.serviceOf(deployment).filter(service -> simulation.services().contains(service));
    }

    /** Deployment → desired replicas, for every simulated service. */
    public synchronized SortedMap<String, Integer> deployments() {
        TreeMap<String, Integer> deployments = new TreeMap<>();
        simulation.replicas().forEach((service, replicas) -> deployments.put(names.deploymentOf(service), replicas));
        return deployments;
    }

    /** A Deployment's desired replicas. */
    public synchronized int replicas(String namespace, String deployment) {
        return simulation.replicas(service(namespace, deployment));
    }

    /** Sets a Deployment's desired replicas now; returns whether the count changed. */
    public synchronized boolean setReplicas(String namespace, String deployment, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas of " + namespace + "/" + deployment + " must be >= 0, got "
                    + replicas);
        }
        String service = service(namespace, deployment);
        if (simulation.replicas(service) == replicas) {
            return false;
        }
        simulation.setReplicas(service, replicas);
        scaleActions++;
        return true;
    }

    /**
     * Applies Deployment → replica targets of this namespace now, in Deployment-name order; Deployments that are not
     * simulated services are skipped and returned, so the caller can report them.
     */
    public synchronized SortedMap<String, Integer> applyTargets(Map<String, Integer> targets) {
        TreeMap<String, Integer> skipped = new TreeMap<>();
        new TreeMap<>(targets).forEach((deployment, replicas) -> {
            if (serviceOf(namespace, deployment).isPresent()) {
                setReplicas(namespace, deployment, replicas);
            } else {
                skipped.put(deployment, replicas);
            }
        });
        return skipped;
    }

    /** Applies a decision's targets, as the scaler would (without its safety rules); other namespaces are refused. */
    public synchronized SortedMap<String, Integer> applyDecision(ScalingDecision decision) {
        if (!namespace.equals(decision.getNamespace())) {
            throw new IllegalArgumentException("decision " + decision.getDecisionId() + " is for namespace "
                    + decision.getNamespace() + ", the simulated cluster is namespace " + namespace);
        }
        return applyTargets(decision.getTargets());
    }

    /** Replica changes made through this object. */
    public synchronized long scaleActions() {
        return scaleActions;
    }

    /** Runs the simulation up to {@code seconds} under this object's lock. */
    public synchronized void advance(double seconds) {
        simulation.runUntil(seconds);
    }

    private String service(String namespace, String deployment) {
        return serviceOf(namespace, deployment).orElseThrow(() -> new UnknownDeploymentException(namespace + "/"
                + deployment + " is not a simulated Deployment (namespace " + this.namespace + ", Deployments "
                + deployments().keySet() + ")"));
    }

    /** A Deployment the simulated cluster does not have. */
    public static final class UnknownDeploymentException extends IllegalArgumentException {
        public UnknownDeploymentException(String message) {
            super(message);
        }
    }
}
