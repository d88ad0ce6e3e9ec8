package io.queueflower.core.safety;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Deployments the scaler may touch at all: a namespace must be listed, and the Deployment must be listed by
 * name ({@code name} in any allowed namespace, or {@code namespace/name}) or match the label selector.
 *
 * <p>There is deliberately no "allow everything": a scaler with write access must be told its remit.
 */
public final class Allowlist {
    /** What the allowlist says about a Deployment. */
    public sealed interface Verdict {
        record Allowed(String reason) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }

        /** Only the Deployment's labels can tell; ask the cluster and call {@link #byLabels}. */
        record NeedsLabels() implements Verdict {
        }
    }

    private final Set<String> namespaces;
    private final Set<String> names;
    private final Set<DeploymentRef> qualifiedNames;
    private final LabelSelector selector;

    /**
     * @param namespaces  namespaces the scaler may act in (at least one)
     * @param deployments entries {@code name} or {@code namespace/name}
     * @param selector    label selector, or empty
     */
    public Allowlist(Set<String> namespaces, Set<String> deployments, Optional<LabelSelector> selector) {
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("the allowlist needs at least one namespace");
        }
        if (deployments.isEmpty() && selector.isEmpty()) {
            throw new IllegalArgumentException(
                    "the allowlist needs Deployment names or a label selector; an empty list would allow nothing");
        }
        this.namespaces = new TreeSet<>();
        namespaces.forEach(ns -> this.namespaces.add(new DeploymentRef(ns, "probe").namespace()));
        this.names = new TreeSet<>();
        this.qualifiedNames = new TreeSet<>();
        for (String entry : deployments) {
            if (entry.contains("/")) {
                DeploymentRef ref = DeploymentRef.parse(entry);
                if (!this.namespaces.contains(ref.namespace())) {
                    throw new IllegalArgumentException("allowed Deployment " + ref + " is in namespace '"
                            + ref.namespace() + "', which is not an allowed namespace " + this.namespaces);
                }
                qualifiedNames.add(ref);
            } else {
                names.add(new DeploymentRef("probe", entry).name());
            }
        }
        this.selector = selector.orElse(null);
    }

    public Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    public Optional<LabelSelector> selector() {
        return Optional.ofNullable(selector);
    }

    /** The verdict from names alone; {@link Verdict.NeedsLabels} when only the label selector can decide. */
    public Verdict byName(DeploymentRef ref) {
        if (!namespaces.contains(ref.namespace())) {
            return new Verdict.Refused("namespace '" + ref.namespace() + "' is not in the allowlist " + namespaces);
        }
        if (names.contains(ref.name()) || qualifiedNames.contains(ref)) {
            return new Verdict.Allowed("listed by name");
        }
        if (selector != null) {
            return new Verdict.NeedsLabels();
        }
        return new Verdict.Refused("Deployment " + ref + " is not in the allowlist");
    }

    /** The verdict for a Deployment in an allowed namespace, not listed by name, given its labels. */
    public Verdict byLabels(DeploymentRef ref, Map<String, String> labels) {
        Verdict byName = byName(ref);
        if (!(byName instanceof Verdict.NeedsLabels)) {
            return byName;
        }
        return selector.matches(labels)
                ? new Verdict.Allowed("labels match '" + selector + "'")
                : new Verdict.Refused("Deployment " + ref + " is not listed and its labels " + labels
                + " do not match the allowed selector '" + selector + "'");
    }
}
