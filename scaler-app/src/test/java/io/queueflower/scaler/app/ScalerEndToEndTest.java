package io.queueflower.scaler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScaleEvent;
import io.queueflower.avro.ScaleOutcome;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.platform.ops.OpsHttpServer;
import io.queueflower.scaler.cli.ScalerCli;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.scaler.kubernetes.KubernetesClients;
import io.queueflower.schemas.DeadLetters;
import io.queueflower.schemas.serde.SpecificAvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole scaler against a real in-process Kafka broker and the mock Kubernetes API server: decisions in, replicas
 * changed, reports out.
 */
@EnableKubernetesMockClient(crud = true)
class ScalerEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);

    static KubernetesMockServer server;
    static KubernetesClient client;
    static EmbeddedKafkaCluster kafka;

    final String registry = "mock://scaler-e2e-" + UUID.randomUUID();
    final String group = "qf-scaler-" + UUID.randomUUID();
    final List<AutoCloseable> closeables = new ArrayList<>();
    String namespace;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
        kafka.createTopics(1, "qf.decisions", "qf.scale-events", "qf.dlq");
        kafka.createTopics(1, Map.of("cleanup.policy", "compact"), "qf.replicas");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void seedCluster() {
        // Each test has its own namespace, so reports of one test never satisfy another's expectations.
        namespace = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        create(namespace, "cart", 2);
        create(namespace, "web", 3);
        create(namespace, "payments", 2);
        create("kube-system", "coredns", 2);
    }

    static void create(String namespace, String name, int replicas) {
        client.resource(new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .endSpec()
                .withNewStatus().withReplicas(replicas).withAvailableReplicas(replicas).withReadyReplicas(replicas)
                .endStatus().build()).createOr(existing -> existing.update());
    }

    ScalerConfig config(String identity) {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", kafka.bootstrapServers());
        values.put("schema.registry.url", registry);
        values.put("group.id", group);
        // Each test has a fresh group but shares the broker: start at the end, so one test's decisions (encoded
        // with its own in-process registry) are never read by another test's scaler. Tests send only once ready.
        values.put("auto.offset.reset", "latest");
        values.put(ScalerConfig.ALLOW_NAMESPACES, namespace);
        values.put(ScalerConfig.ALLOW_DEPLOYMENTS, "cart,web");
        values.put(ScalerConfig.STABILIZATION_WINDOW_MS, "0");
        values.put(ScalerConfig.LEADER_ELECTION_NAMESPACE, namespace);
        values.put(ScalerConfig.LEADER_ELECTION_IDENTITY, identity);
        values.put(ScalerConfig.LEADER_ELECTION_LEASE_DURATION_MS, "3000");
        values.put(ScalerConfig.LEADER_ELECTION_RENEW_DEADLINE_MS, "2000");
        values.put(ScalerConfig.LEADER_ELECTION_RETRY_PERIOD_MS, "300");
        values.put(ScalerConfig.POLL_TIMEOUT_MS, "200");
        values.put(ScalerConfig.SHUTDOWN_TIMEOUT_MS, "5000");
        return new ScalerConfig(values);
    }

    /** The registry of the scaler started last. */
    PrometheusMeterRegistry metrics;

    ScalerService scaler(String identity) {
        ScalerConfig config = config(identity);
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KubernetesClient scalerClient = KubernetesClients.create(client.getConfiguration(), Duration.ofSeconds(5));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ScalerCli.producerSettings(config),
                new StringSerializer(), new ByteArraySerializer());
        ScalerService service = new ScalerService(config, scalerClient, producer,
                () -> new KafkaConsumer<>(ScalerCli.consumerSettings(config), new StringDeserializer(),
                        new ByteArrayDeserializer()),
                metrics, Clock.systemUTC(), namespace, identity);
        closeables.add(scalerClient);
        closeables.add(producer);
        closeables.add(service);
        service.start();
        return service;
    }

    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        closeables.clear();
    }

    <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        return SpecificAvroSerde.forClass(type, Map.of("schema.registry.url", registry), false);
    }

    void sendDecision(String key, String decisionNamespace, long windowEnd, Map<String, Integer> targets) {
        ScalingDecision decision = ScalingDecision.newBuilder()
                .setDecisionId(decisionNamespace + "/queueflower/" + windowEnd)
                .setNamespace(decisionNamespace).setWindowStart(windowEnd - 90_000).setWindowEnd(windowEnd)
                .setCreatedAtMs(System.currentTimeMillis()).setAlgorithm("queueflower")
                .setTargets(new HashMap<>(targets)).build();
        byte[] value = serde(ScalingDecision.class).serializer().serialize("qf.decisions", decision);
        send(key, value);
    }

    void send(String key, byte[] value) {
        kafka.produce("qf.decisions", new StringSerializer(), new ByteArraySerializer(),
                List.of(new ProducerRecord<>("qf.decisions", key, value)));
    }

    List<ScaleEvent> scaleEvents(int atLeast) {
        SpecificAvroSerde<ScaleEvent> serde = serde(ScaleEvent.class);
        return kafka.readUntil("qf.scale-events", new StringDeserializer(), new ByteArrayDeserializer(),
                        records -> records.stream().filter(r -> r.key().contains(namespace)).count() >= atLeast, WAIT)
                .stream().filter(r -> r.key().contains(namespace))
                .map(r -> serde.deserializer().deserialize("qf.scale-events", r.value())).toList();
    }

    /**
     * Waits until the leader's Deployment watch has seen {@code name} at {@code specReplicas}: it publishes every state
     * it sees to qf.replicas. A scaler is closed only once its watch has caught up with the test's last change, because
     * closing a watch while the mock API server is still sending it an event stalls one of the server's event loops for
     * 30 s (see QuietWatches in the kubernetes tests), and the server is shared by the tests of this class.
     */
    void awaitWatched(String name, int specReplicas) {
        SpecificAvroSerde<ReplicaStatus> serde = serde(ReplicaStatus.class);
        String key = namespace + "/" + name;
        kafka.readUntil("qf.replicas", new StringDeserializer(), new ByteArrayDeserializer(),
                records -> records.stream().filter(r -> r.key().equals(key))
                        .map(r -> serde.deserializer().deserialize("qf.replicas", r.value()))
                        .anyMatch(status -> status.getSpecReplicas() == specReplicas), WAIT);
    }

    int replicas(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get().getSpec().getReplicas();
    }

    static HttpResponse<String> get(OpsHttpServer http, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void decisionsChangeReplicasAndEveryAttemptAndStateIsReported() throws Exception {
        ScalerService service = scaler("scaler-0");
        OpsHttpServer http = ScalerCli.startEndpoints("127.0.0.1", 0, service, metrics);
        closeables.add(0, http);
        assertThat(get(http, "/health").statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> service.isLeading() && get(http, "/ready").statusCode() == 200);
        sendDecision(namespace, namespace, 1_000_000, Map.of("cart", 5, "web", 3));
        // Forgeries: a namespace and a Deployment outside the allowlist, and garbage.
        sendDecision("kube-system", "kube-system", 1_000_000, Map.of("coredns", 0));
        sendDecision(namespace, namespace, 1_090_000, Map.of("payments", 9));
        send(namespace, new byte[] {0, 0, 0, 0, 7, 1, 2, 3});

        await().atMost(WAIT).until(() -> replicas(namespace, "cart") == 5);
        List<ScaleEvent> events = scaleEvents(3);
        assertThat(events).extracting(e -> e.getDeployment() + ":" + e.getOutcome())
                .containsExactly("cart:APPLIED", "web:UNCHANGED", "payments:REFUSED");
        ScaleEvent cart = events.get(0);
        assertThat(cart.getPrevious()).isEqualTo(2);
        assertThat(cart.getApplied()).isEqualTo(5);
        assertThat(cart.getDecisionId()).isEqualTo(namespace + "/queueflower/1000000");

        List<ScaleEvent> refused = kafka.readUntil("qf.scale-events", new StringDeserializer(),
                        new ByteArrayDeserializer(), records -> records.stream()
                                .anyMatch(r -> r.key().equals("kube-system/coredns")), WAIT)
                .stream().filter(r -> r.key().equals("kube-system/coredns"))
                .map(r -> serde(ScaleEvent.class).deserializer().deserialize("qf.scale-events", r.value())).toList();
        assertThat(refused).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getOutcome()).isEqualTo(ScaleOutcome.REFUSED);
            assertThat(e.getError()).contains("namespace 'kube-system' is not in the allowlist");
        });
        assertThat(replicas("kube-system", "coredns")).isEqualTo(2);
        assertThat(replicas(namespace, "payments")).isEqualTo(2);

        SpecificAvroSerde<ReplicaStatus> statusSerde = serde(ReplicaStatus.class);
        List<ReplicaStatus> cartStates = kafka.readUntil("qf.replicas", new StringDeserializer(),
                        new ByteArrayDeserializer(), records -> records.stream()
                                .filter(r -> r.key().equals(namespace + "/cart")).count() >= 2, WAIT)
                .stream().filter(r -> r.key().equals(namespace + "/cart"))
                .map(r -> statusSerde.deserializer().deserialize("qf.replicas", r.value())).toList();
        assertThat(cartStates).extracting(ReplicaStatus::getSpecReplicas).startsWith(2).contains(5);

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readUntil("qf.dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), records -> records.stream().anyMatch(r -> new String(r.key()).equals(namespace)),
                WAIT).stream().filter(r -> new String(r.key()).equals(namespace)).toList();
        assertThat(dead).hasSize(1);
        var headers = dead.get(0).headers();
        assertThat(DeadLetters.header(headers, DeadLetters.SOURCE_TOPIC)).isEqualTo("qf.decisions");
        assertThat(DeadLetters.header(headers, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetters.header(headers, DeadLetters.SOURCE_OFFSET)).isNotBlank();
        assertThat(DeadLetters.header(headers, DeadLetters.ERROR)).isNotBlank();
        assertThat(dead.get(0).value()).containsExactly(0, 0, 0, 0, 7, 1, 2, 3);

        String scrape = get(http, "/metrics").body();
        assertThat(scrape).contains("qf_scaler_leader 1.0", "qf_scaler_dead_letters_total 1.0")
                .containsPattern("qf_scaler_scale_events_total\\{outcome=\"APPLIED\"\\} [1-9]")
                .containsPattern("qf_scaler_scale_events_total\\{outcome=\"REFUSED\"\\} [2-9]");

        // Every record, the garbage included, is committed once handled.
        await().atMost(WAIT).untilAsserted(() -> {
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .get(new TopicPartition("qf.decisions", 0));
                var end = admin.listOffsets(Map.of(new TopicPartition("qf.decisions", 0),
                        org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                        .get(new TopicPartition("qf.decisions", 0)).offset();
                assertThat(committed).isNotNull();
                assertThat(committed.offset()).isEqualTo(end);
            }
        });
        closeAll();
    }

    @Test
    void aStandbyTakesOverWhenTheLeaderStops() throws Exception {
        ScalerService first = scaler("scaler-a");
        await().atMost(WAIT).until(() -> first.isLeading() && first.isReady());
        ScalerService second = scaler("scaler-b");
        await().atMost(WAIT).until(second::isReady);
        assertThat(first.isLeading()).isTrue();
        assertThat(second.isLeading()).isFalse();

        sendDecision(namespace, namespace, 2_000_000, Map.of("cart", 4));
        await().atMost(WAIT).until(() -> replicas(namespace, "cart") == 4);

        // SIGTERM for the leader: it finishes, releases the lease, and the standby carries on from the committed offset.
        awaitWatched("cart", 4);
        first.close();
        assertThat(first.isLeading()).isFalse();
        await().atMost(WAIT).until(() -> second.isLeading() && second.isReady());
        sendDecision(namespace, namespace, 2_090_000, Map.of("cart", 6, "web", 5));
        await().atMost(WAIT).until(() -> replicas(namespace, "cart") == 6 && replicas(namespace, "web") == 5);
        List<ScaleEvent> events = scaleEvents(3);
        // The first decision is reported once: the new leader did not re-apply what was committed.
        assertThat(events).extracting(e -> e.getDeployment() + ":" + e.getApplied())
                .containsExactly("cart:4", "cart:6", "web:5");
        awaitWatched("cart", 6);
        awaitWatched("web", 5);
        closeAll();
    }

    @Test
    void sigtermStopsTheRealProcessCleanlyAndReleasesTheLease(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("scaler.properties");
        java.nio.file.Files.writeString(file, String.join("\n",
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "schema.registry.url=" + registry,
                "group.id=" + group,
                "scaler.allow.namespaces=" + namespace,
                "scaler.allow.deployments=cart",
                "scaler.kubernetes.master.url=" + client.getConfiguration().getMasterUrl(),
                "scaler.leader.election.namespace=" + namespace,
                "scaler.leader.election.identity=scaler-process",
                "scaler.http.host=127.0.0.1",
                "scaler.http.port=0",
                "scaler.shutdown.timeout.ms=5000", ""));
        java.nio.file.Path log = dir.resolve("scaler.log");
        ProcessBuilder builder = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dkubernetes.trust.certificates=true", "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dkubernetes.auth.tryServiceAccount=false",
                ScalerCli.class.getName(), "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("QF_"));
        Process process = builder.start();
        try {
            await().atMost(WAIT).until(() -> "scaler-process".equals(leaseHolder()));
            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
                    .as("exited within the grace period; log:%n%s", java.nio.file.Files.readString(log)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(20));
            // 143 is the JVM's exit status after SIGTERM once its shutdown hooks have run.
            assertThat(process.exitValue()).isIn(0, 143);
            String output = java.nio.file.Files.readString(log);
            assertThat(output).contains("Effective configuration:", "scaler.allow.namespaces = [" + namespace + "]",
                    "Shutting down");
            // The lease was released on the way out, so a standby need not wait for it to expire.
            assertThat(leaseHolder()).isNullOrEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    String leaseHolder() {
        var lease = client.leases().inNamespace(namespace).withName("qf-scaler").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
