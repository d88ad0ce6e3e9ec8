package io.queueflower.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {
    final HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> get(OpsHttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessMetricsAndJsonRoutes() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("qf.test.events").increment(3);
        AtomicBoolean hasValue = new AtomicBoolean(false);
        try (OpsHttpServer server = OpsHttpServer.builder("127.0.0.1", 0).readiness(ready::get).metrics(registry)
                .json("/decision", () -> hasValue.get() ? Optional.of(Map.of("replicas", 3)) : Optional.empty())
                .start()) {
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(get(server, "/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
            assertThat(get(server, "/metrics").body()).contains("qf_test_events_total 3.0");
            assertThat(get(server, "/decision").statusCode()).isEqualTo(404);
            hasValue.set(true);
            HttpResponse<String> decision = get(server, "/decision");
            assertThat(decision.statusCode()).isEqualTo(200);
            assertThat(decision.body()).isEqualTo("{\"replicas\":3}");
            assertThat(get(server, "/decision/extra").statusCode()).isEqualTo(404);
        }
    }
}
