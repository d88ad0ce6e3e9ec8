package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/** Builds the fabric8 client the scaler uses. */
public final class KubernetesClients {
    private KubernetesClients() {
    }

    /**
     * A client from {@code base} (in-cluster service account, kubeconfig, or a test server's config) with the
     * scaler's request timeout and without fabric8's own request retries: the scaler's {@code RetryPolicy} is the
     * one retry loop, so its backoff, attempt counts and reports stay true.
     */
    public static KubernetesClient create(Config base, Duration requestTimeout) {
        Config config = new ConfigBuilder(base)
                .withRequestTimeout((int) requestTimeout.toMillis())
                .withConnectionTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()))
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Auto-configured from the environment, optionally pointed at another API server. */
    public static KubernetesClient create(String masterUrl, Duration requestTimeout) {
        Config base = Config.autoConfigure(null);
        if (masterUrl != null && !masterUrl.isBlank()) {
            base = new ConfigBuilder(base).withMasterUrl(masterUrl).build();
        }
        return create(base, requestTimeout);
    }
}
