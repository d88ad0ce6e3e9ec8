package io.queueflower.scaler.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.queueflower.platform.config.ConfigOptions;
import io.queueflower.platform.ops.OpsHttpServer;
import io.queueflower.scaler.app.ScalerService;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.scaler.kubernetes.KubernetesClients;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scaler}: applies QueueFlower scaling decisions to Kubernetes Deployments, safely. */
@Command(name = "scaler", mixinStandardHelpOptions = true, version = "scaler 0.1.0", sortOptions = false,
        usageHelpWidth = 120, abbreviateSynopsis = true, modelTransformer = ScalerCli.Options.class,
        description = {
                "Consumes qf.decisions and sets Deployment replicas through the scale subresource, within the allowlist,",
                "bounds, step limits and scale-down stabilisation window; reports every attempt to qf.scale-events and",
                "observed replicas to qf.replicas. Several replicas may run: a Lease elects the one that writes.",
                "",
                "Configuration: defaults < --config file (.properties or .yaml) < QF_* environment variables",
                "(QF_SCALER_MAX_STEP_UP sets scaler.max.step.up, QF_BOOTSTRAP_SERVERS sets bootstrap.servers)",
                "< --set key=value < the flags below (--max-step-up sets scaler.max.step.up). Every key is listed",
                "with its default in scaler-app/README.md."},
        footer = {"", "Endpoints: /health (liveness), /ready (readiness), /metrics (Prometheus) on scaler.http.port."})
public final class ScalerCli implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ScalerCli.class);

    /** Every scaler key as a flag, named without its {@code scaler.} prefix. */
    static final ConfigOptions OPTIONS = new ConfigOptions(ScalerConfig.DEFINITION, "scaler.", Map.of(),
            List.of(new ConfigOptions.ExtraFlag("--bootstrap-servers", "bootstrap.servers",
                    "Kafka cluster of the decision, replica and scale-event topics (host:port,...).")));

    public static final class Options implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ScalerCli() {
        this(System.getenv());
    }

    ScalerCli(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        ScalerConfig config;
        try {
            config = new ScalerConfig(OPTIONS.values(parsed, environment));
        } catch (ConfigException e) {
            return OPTIONS.reject(spec.commandLine().getErr(), e.getMessage());
        }
        if (ConfigOptions.printEffective(config, parsed, spec.commandLine().getOut())) {
            return 0;
        }
        run(config);
        return 0;
    }

    private void run(ScalerConfig config) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KubernetesClient client = KubernetesClients.create(config.kubernetesMasterUrl(),
                config.kubernetesRequestTimeout());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings(config), new StringSerializer(),
                new ByteArraySerializer());
        ScalerService service = new ScalerService(config, client, producer,
                () -> new KafkaConsumer<>(consumerSettings(config), new StringDeserializer(),
                        new ByteArrayDeserializer()),
                registry, Clock.systemUTC(), leaseNamespace(client), identity());
        OpsHttpServer http = startEndpoints(config.httpHost(), config.httpPort(), service, registry);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM: stop consuming, finish (or abandon uncommitted) the decision in hand, release the lease so a
            // standby takes over at once, flush what was reported.
            log.info("Shutting down");
            service.close();
            producer.close();
            client.close();
            http.close();
            stopped.countDown();
        }, "scaler-shutdown"));
        service.start();
        log.info("Scaler started; endpoints on {}:{}", config.httpHost(), http.port());
        stopped.await();
    }

    /** {@code /health}: the decision loop is alive; {@code /ready}: standing by, or leading and consuming. */
    public static OpsHttpServer startEndpoints(String host, int port, ScalerService service,
                                               PrometheusMeterRegistry registry) {
        return OpsHttpServer.builder(host, port)
                .liveness(service::isLive)
                .readiness(service::isReady)
                .metrics(registry)
                .start();
    }

    public static Map<String, Object> producerSettings(ScalerConfig config) {
        Map<String, Object> settings = new HashMap<>();
        config.kafkaSettings().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                settings.put(k, v);
            }
        });
        settings.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        settings.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "qf-scaler-producer");
        return settings;
    }

    public static Map<String, Object> consumerSettings(ScalerConfig config) {
        Map<String, Object> settings = new HashMap<>();
        config.kafkaSettings().forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                settings.put(k, v);
            }
        });
        // Offsets are committed by hand once a decision is fully handled; never automatically.
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        return settings;
    }

    private String leaseNamespace(KubernetesClient client) {
        String fromPod = environment.get("POD_NAMESPACE");
        if (fromPod != null && !fromPod.isBlank()) {
            return fromPod;
        }
        return client.getNamespace() == null ? "default" : client.getNamespace();
    }

    private String identity() {
        String host = environment.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "qf-scaler-" + ProcessHandle.current().pid();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScalerCli()).execute(args));
    }
}
