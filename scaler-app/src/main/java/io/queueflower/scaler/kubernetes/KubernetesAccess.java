package io.queueflower.scaler.kubernetes;

import java.util.List;
import java.util.Set;

/**
 * Every Kubernetes API call the scaler makes, as RBAC sees it. The Role in {@code k8s/base/scaler} must grant exactly
 * these, no more; a test checks the manifest against this list and this list against the requests the scaler really
 * sends to a mock API server.
 */
public final class KubernetesAccess {
    /** One RBAC rule: API group, resource (with subresource), verbs. */
    public record Grant(String apiGroup, String resource, Set<String> verbs) {
        public Grant {
            verbs = Set.copyOf(verbs);
        }
    }

    /**
     * <ul>
     *   <li>deployments get: labels for the label-selector allowlist (and fabric8 reads the Deployment before a
     *   subresource patch); list and watch: the informer behind qf.replicas and the readiness wait</li>
     *   <li>deployments/scale get: current replicas; update: compare-and-set write (write method update);
     *   patch: merge-patch write (write method patch)</li>
     *   <li>horizontalpodautoscalers list and watch: the informer finding autoscalers; get: confirming one before
     *   skipping a Deployment</li>
     *   <li>leases get, create, update: leader election</li>
     * </ul>
     */
    public static final List<Grant> GRANTS = List.of(
            new Grant("apps", "deployments", Set.of("get", "list", "watch")),
            new Grant("apps", "deployments/scale", Set.of("get", "patch", "update")),
            new Grant("autoscaling", "horizontalpodautoscalers", Set.of("get", "list", "watch")),
            new Grant("coordination.k8s.io", "leases", Set.of("get", "create", "update")));

    private KubernetesAccess() {
    }
}
