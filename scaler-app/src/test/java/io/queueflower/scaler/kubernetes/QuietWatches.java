package io.queueflower.scaler.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.queueflower.core.safety.DeploymentRef;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closing watches on fabric8's mock API server (kubernetes-server-mock 8.0.0) without stalling it.
 *
 * <p>The mock server sends each watch's events from a single-thread executor, and each send waits (up to 30 s,
 * {@code VertxMockWebSocket.awaitWrite}) for the Vert.x event loop of the watch's connection to write it. When the
 * client closes the watch, the server's {@code WatchEventsListener.onClosed} runs on that same event loop and waits for
 * the executor to finish. A send still pending at that moment therefore blocks the event loop for 30 s, and every
 * connection it serves stalls: the test client's next request fails with "timeout getting a connection" after its
 * 10 s connect timeout (seen as SafetyRulesOnMockServerTest seeding failures, two tests in a row).
 *
 * <p>Two rules avoid it: (1) close a watch only when no event for it is in flight, which {@link #settle} ensures, and
 * (2) do not change what a closed watch watched on the same server until the server has let it go, which a server
 * per test ensures (the next test's seeding lands on a fresh server).
 */
final class QuietWatches {
    private static final AtomicInteger MARKERS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private QuietWatches() {
    }

    /**
     * Returns once every event the server has sent to the watcher's Deployment and HorizontalPodAutoscaler watches in
     * {@code namespace} has arrived. A watch's events go out in order, so when a marker object's ADDED event has
     * reached the watcher's cache, nothing sent before it is still pending. Nothing else may change the namespace
     * meanwhile.
     */
    static void settle(KubernetesClient client, DeploymentWatcher watcher, String namespace) throws Exception {
        String name = "watch-marker-" + MARKERS.incrementAndGet();
        DeploymentRef marker = new DeploymentRef(namespace, name);
        TestObjects.create(client, namespace, name, 1);
        watcher.whenAvailable(marker, 1).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        client.resource(TestObjects.hpa(namespace, name, name)).create();
        await().atMost(WAIT).until(() -> watcher.autoscalersTargeting(marker).contains(name));
    }

    /** Settles the watcher's watches, then closes the watcher and the client it used (a test's @AfterEach). */
    static void settleAndClose(KubernetesClient server, DeploymentWatcher watcher, KubernetesClient watcherClient,
                               String namespace) throws Exception {
        try {
            settle(server, watcher, namespace);
        } finally {
            watcher.close();
            watcherClient.close();
        }
    }
}
