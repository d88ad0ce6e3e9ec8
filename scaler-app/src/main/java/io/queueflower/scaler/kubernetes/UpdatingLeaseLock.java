package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * fabric8's Lease lock, but renewing with an update (PUT carrying the resourceVersion read) instead of a merge patch.
 *
 * <p>Both are compare-and-set; the difference is the RBAC verb. client-go's lock, and so every published leader
 * election Role, uses {@code update}; with this lock the scaler's Role needs exactly {@code get}, {@code create} and
 * {@code update} on leases, like every other controller's.
 */
final class UpdatingLeaseLock extends LeaseLock {
    private final String namespace;
    private final String name;
    private Lease current;

    UpdatingLeaseLock(String namespace, String name, String identity) {
        super(namespace, name, identity);
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public synchronized LeaderElectionRecord get(KubernetesClient client) {
        current = client.leases().inNamespace(namespace).withName(name).get();
        return current == null ? null : toRecord(current);
    }

    @Override
    public synchronized void create(KubernetesClient client, LeaderElectionRecord record) {
        current = client.resource(toResource(record, getObjectMeta(null))).create();
    }

    @Override
    public synchronized void update(KubernetesClient client, LeaderElectionRecord record) {
        if (current == null) {
            throw new IllegalStateException("the lease must be read or created before it is updated");
        }
        ObjectMetaBuilder meta = getObjectMeta(current.getMetadata().getResourceVersion());
        current = client.resource(toResource(record, meta)).update();
    }
}
