package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.core.scaling.AvailabilityWatch;
import io.queueflower.core.scaling.ObservedReplicas;
import io.queueflower.core.scaling.ReplicaStatusSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8 informers on the Deployments and HorizontalPodAutoscalers of the allowed namespaces. They keep a local
 * cache fed by one list and one watch per namespace and resource, which serves three purposes without further API
 * calls: the replica state of every Deployment is published on start and on every change, readiness waits are
 * completed from watch events, and the HPA check knows which autoscalers target which Deployment.
 */
public final class DeploymentWatcher implements AvailabilityWatch, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeploymentWatcher.class);

    private record Waiter(int replicas, CompletableFuture<Void> future) {
    }

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final ReplicaStatusSink sink;
    private final Clock clock;
    private final List<SharedIndexInformer<Deployment>> deploymentInformers = new ArrayList<>();
    private final List<SharedIndexInformer<HorizontalPodAutoscaler>> hpaInformers = new ArrayList<>();
    private final Map<DeploymentRef, ObservedReplicas> published = new HashMap<>();
    private final Map<DeploymentRef, List<Waiter>> waiters = new HashMap<>();

    public DeploymentWatcher(KubernetesClient client, Set<String> namespaces, ReplicaStatusSink sink, Clock clock) {
        this.client = client;
        this.namespaces = new TreeSet<>(namespaces);
        this.sink = sink;
        this.clock = clock;
    }

    /** Starts the informers and returns once every cache holds its initial list. */
    public void start() {
        // Autoscalers first, so the initial state of each Deployment is published with the right hpaManaged flag.
        for (String namespace : namespaces) {
            hpaInformers.add(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                    .inform(new HpaEvents(), 0));
        }
        for (String namespace : namespaces) {
            deploymentInformers.add(client.apps().deployments().inNamespace(namespace)
                    .inform(new DeploymentEvents(), 0));
        }
        log.info("Watching Deployments and HorizontalPodAutoscalers in namespaces {}", namespaces);
    }

    public boolean synced() {
        return !deploymentInformers.isEmpty()
                && deploymentInformers.stream().allMatch(SharedIndexInformer::hasSynced)
                && hpaInformers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Names of the HorizontalPodAutoscalers in the cache whose scale target is the Deployment. */
    public Set<String> autoscalersTargeting(DeploymentRef ref) {
        Set<String> names = new TreeSet<>();
        for (SharedIndexInformer<HorizontalPodAutoscaler> informer : hpaInformers) {
            for (HorizontalPodAutoscaler hpa : informer.getStore().list()) {
                if (target(hpa).filter(ref::equals).isPresent()) {
                    names.add(hpa.getMetadata().getName());
                }
            }
        }
        return names;
    }

    static Optional<DeploymentRef> target(HorizontalPodAutoscaler hpa) {
        if (hpa.getSpec() == null || hpa.getSpec().getScaleTargetRef() == null) {
            return Optional.empty();
        }
        CrossVersionObjectReference target = hpa.getSpec().getScaleTargetRef();
        if (!"Deployment".equals(target.getKind()) || target.getName() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeploymentRef(hpa.getMetadata().getNamespace(), target.getName()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized CompletableFuture<Void> whenAvailable(DeploymentRef ref, int replicas) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Deployment current = cached(ref);
        if (current != null && isAvailable(current, replicas)) {
            future.complete(null);
            return future;
        }
        waiters.computeIfAbsent(ref, r -> new ArrayList<>()).add(new Waiter(replicas, future));
        future.whenComplete((v, t) -> forget(ref, future));
        return future;
    }

    /** Readiness waits still registered: each is forgotten once completed or cancelled. */
    synchronized int pendingAvailabilityWaits() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    private synchronized void forget(DeploymentRef ref, CompletableFuture<Void> future) {
        List<Waiter> list = waiters.get(ref);
        if (list != null) {
            list.removeIf(w -> w.future() == future);
            if (list.isEmpty()) {
                waiters.remove(ref);
            }
        }
    }

    private static boolean isAvailable(Deployment deployment, int replicas) {
        Integer spec = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
        return spec != null && spec == replicas && available(deployment) == replicas;
    }

    private Deployment cached(DeploymentRef ref) {
        for (SharedIndexInformer<Deployment> informer : deploymentInformers) {
            Deployment deployment = informer.getStore().getByKey(ref.key());
            if (deployment != null) {
                return deployment;
            }
        }
        return null;
    }

    private synchronized void observe(Deployment deployment) {
        DeploymentRef ref = ref(deployment);
        if (ref == null) {
            return;
        }
        ObservedReplicas now = new ObservedReplicas(ref,
                deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1
                        : deployment.getSpec().getReplicas(),
                deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                        : deployment.getStatus().getReadyReplicas(),
                available(deployment), !autoscalersTargeting(ref).isEmpty(), clock.millis());
        if (!now.sameStateAs(published.get(ref))) {
            published.put(ref, now);
            sink.observed(now);
        }
        List<Waiter> list = waiters.get(ref);
        if (list != null) {
            for (Waiter waiter : List.copyOf(list)) {
                if (isAvailable(deployment, waiter.replicas())) {
                    waiter.future().complete(null);
                }
            }
        }
    }

    private synchronized void gone(Deployment deployment) {
        DeploymentRef ref = ref(deployment);
        if (ref != null && published.remove(ref) != null) {
            sink.deleted(ref);
        }
    }

    private void refresh(DeploymentRef ref) {
        Deployment deployment = cached(ref);
        if (deployment != null) {
            observe(deployment);
        }
    }

    private static int available(Deployment deployment) {
        return deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null ? 0
                : deployment.getStatus().getAvailableReplicas();
    }

    private static DeploymentRef ref(Deployment deployment) {
        try {
            return new DeploymentRef(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("Ignoring Deployment with unusable name: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        deploymentInformers.forEach(SharedIndexInformer::stop);
        hpaInformers.forEach(SharedIndexInformer::stop);
        deploymentInformers.clear();
        hpaInformers.clear();
        synchronized (this) {
            List<Waiter> pending = waiters.values().stream().flatMap(List::stream).toList();
            waiters.clear();
            pending.forEach(w -> w.future().cancel(false));
            published.clear();
        }
    }

    private final class DeploymentEvents implements ResourceEventHandler<Deployment> {
        @Override
        public void onAdd(Deployment deployment) {
            observe(deployment);
        }

        @Override
        public void onUpdate(Deployment oldDeployment, Deployment newDeployment) {
            observe(newDeployment);
        }

        @Override
        public void onDelete(Deployment deployment, boolean deletedFinalStateUnknown) {
            gone(deployment);
        }
    }

    /** An autoscaler appearing, changing target or going away changes the hpaManaged flag of its Deployments. */
    private final class HpaEvents implements ResourceEventHandler<HorizontalPodAutoscaler> {
        @Override
        public void onAdd(HorizontalPodAutoscaler hpa) {
            target(hpa).ifPresent(DeploymentWatcher.this::refresh);
        }

        @Override
        public void onUpdate(HorizontalPodAutoscaler oldHpa, HorizontalPodAutoscaler newHpa) {
            target(oldHpa).ifPresent(DeploymentWatcher.this::refresh);
            target(newHpa).ifPresent(DeploymentWatcher.this::refresh);
        }

        @Override
        public void onDelete(HorizontalPodAutoscaler hpa, boolean deletedFinalStateUnknown) {
            target(hpa).ifPresent(DeploymentWatcher.this::refresh);
        }
    }
}
