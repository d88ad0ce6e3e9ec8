package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.queueflower.core.scaling.WriteGate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among scaler replicas with fabric8's {@code LeaderElector} on a {@code coordination.k8s.io} Lease.
 *
 * <p>The write gate closes the moment the elector reports the loss, before the listener is told, so no write can
 * slip in between. The elector gives up leadership once it has failed to renew for the renew deadline, which is
 * shorter than the lease duration; another replica can only take the lease after that, so two leaders never write.
 * After a loss the replica stands for election again.
 */
public final class LeaseLeadership implements WriteGate, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseLeadership.class);

    /** Lease identity and timing. */
    public record Settings(String namespace, String leaseName, String identity, Duration leaseDuration,
                           Duration renewDeadline, Duration retryPeriod) {
        public Settings {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(leaseName, "leaseName");
            Objects.requireNonNull(identity, "identity");
            if (identity.isBlank()) {
                throw new IllegalArgumentException("leader election identity is blank");
            }
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("renew deadline " + renewDeadline
                        + " must be shorter than the lease duration " + leaseDuration);
            }
            // fabric8 retries with up to 120 % jitter, which must still fit within the renew deadline.
            if (retryPeriod.multipliedBy(12).dividedBy(10).compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("retry period " + retryPeriod
                        + " times 1.2 must be shorter than the renew deadline " + renewDeadline);
            }
        }
    }

    /** Told when this replica starts and stops leading; called on the elector's thread, so it must not block. */
    public interface Listener {
        void startedLeading();

        void stoppedLeading();
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final Listener listener;
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    public LeaseLeadership(KubernetesClient client, Settings settings, Listener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
    }

    /** Joins the election; returns at once. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("leader election was closed");
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName("qf-scaler")
                .withLock(new UpdatingLeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::onStart, this::onStop,
                        leader -> log.info("Lease {}/{} is now held by {}", settings.namespace(),
                                settings.leaseName(), leader)))
                .build();
        CompletableFuture<?> running = client.leaderElector().withConfig(config).build().start();
        election = running;
        running.whenComplete((v, t) -> {
            onStop();
            if (!closed) {
                // A LeaderElector runs once; stand again with a fresh one.
                log.info("{} stands for election again", settings.identity());
                start();
            }
        });
    }

    @Override
    public boolean mayWrite() {
        return leading.get() && !closed;
    }

    public boolean isLeader() {
        return leading.get();
    }

    public String identity() {
        return settings.identity();
    }

    private void onStart() {
        if (leading.compareAndSet(false, true)) {
            log.info("{} became leader on lease {}/{}", settings.identity(), settings.namespace(), settings.leaseName());
            listener.startedLeading();
        }
    }

    private void onStop() {
        if (leading.compareAndSet(true, false)) {
            log.warn("{} stopped leading on lease {}/{}", settings.identity(), settings.namespace(),
                    settings.leaseName());
            listener.stoppedLeading();
        }
    }

    /** Leaves the election, releasing the lease if held so a standby takes over without waiting for it to expire. */
    @Override
    public void close() {
        closed = true;
        boolean wasLeading = leading.get();
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
        onStop();
        if (wasLeading) {
            awaitRelease();
        }
    }

    /**
     * fabric8 releases the lease on cancel, but asynchronously: wait for it (at most a renew deadline) so that the
     * caller, closing the client next on its way out, does not cut the release off and leave a standby waiting for
     * the lease to expire.
     */
    private void awaitRelease() {
        long until = System.nanoTime() + settings.renewDeadline().toNanos();
        try {
            while (System.nanoTime() < until && heldByMe()) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean heldByMe() {
        try {
            var lease = client.leases().inNamespace(settings.namespace()).withName(settings.leaseName()).get();
            return lease != null && lease.getSpec() != null
                    && settings.identity().equals(lease.getSpec().getHolderIdentity());
        } catch (RuntimeException e) {
            return false; // the API is not reachable: nothing to wait for
        }
    }
}
