package io.queueflower.simulator.cli;

import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.platform.config.AppConfig;
import io.queueflower.platform.config.DurationKey;
import io.queueflower.schemas.Topics;
import io.queueflower.simulator.export.TraceEncoder;
import io.queueflower.streams.decode.SpanFormat;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The simulator's configuration ({@code ./queueflower simulate}): its own {@code sim.*} keys (environment
 * {@code QF_SIM_*}), plus Kafka client and schema-registry keys passed to the producer and, when it follows
 * decisions, the consumer. Each command-line flag of {@code simulate} is one of these keys.
 */
public final class SimulateConfig extends AppConfig {
    public static final String PREFIX = "sim.";
    public static final String MODEL = "sim.model";
    public static final String WORKLOAD = "sim.workload";
    public static final String DURATION = "sim.duration";
    public static final String SEED = "sim.seed";
    public static final String FORMAT = "sim.format";
    public static final String OUTPUT = "sim.output";
    public static final String TOPIC = "sim.topic";
    public static final String MODE = "sim.mode";
    public static final String SPEEDUP = "sim.speedup";
    public static final String EPOCH_START = "sim.epoch.start";
    public static final String REPLICAS = "sim.replicas";
    public static final String ACTUATION_DELAY = "sim.actuation.delay";
    public static final String NAMESPACE = "sim.namespace";
    public static final String DEPLOYMENT_PATTERN = "sim.deployment.pattern";
    public static final String FOLLOW_DECISIONS = "sim.follow.decisions";
    public static final String PROGRESS_INTERVAL = "sim.progress.interval";
    public static final String HTTP_HOST = "sim.http.host";
    public static final String HTTP_PORT = "sim.http.port";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    private static final ConfigDef.Validator SPAN_FORMAT = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                TraceEncoder.parseFormat(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "choose one of " + TraceEncoder.outputFormats());
            }
        }

        @Override
        public String toString() {
            return TraceEncoder.outputFormats();
        }
    };

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(MODEL, Type.STRING, "", Importance.HIGH,
                    "Application model YAML (services, operations, call trees, service times, SLAs); empty: the"
                            + " shipped DeathStarBench hotelReservation model.")
            .define(WORKLOAD, Type.STRING, "constant:50", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Arrival rate of requests, requests/s: constant:R, step:0s=R0,60s=R1,..., ramp:from=,to=,over=,"
                            + " sine:mean=,amplitude=,period= or a CSV file of seconds,rate rows.")
            .define(DURATION, Type.STRING, "60s", DurationKey.nonNegative(), Importance.HIGH,
                    "Simulated time during which requests arrive, e.g. 90s, 10m; 0 runs until stopped (SIGTERM,"
                            + " Ctrl-C), real-time mode only.")
            .define(SEED, Type.LONG, 1L, Importance.MEDIUM,
                    "Seed of every random draw; the same seed, model, workload and replica changes give the same"
                            + " spans.")
            .define(FORMAT, Type.STRING, "otlp-proto", SPAN_FORMAT, Importance.HIGH,
                    "Span format written: otlp-proto (what the OpenTelemetry Collector's and Jaeger v2's kafka"
                            + " exporter write by default), otlp-json, jaeger-proto, jaeger-json or jaeger-ui;"
                            + " underscores accepted.")
            .define(OUTPUT, Type.STRING, "", Importance.HIGH,
                    "Write spans to this file (framed as the streams app's ingest command reads it). Give this or"
                            + " bootstrap.servers, not both.")
            .define(TOPIC, Type.STRING, Topics.DEFAULT_INPUT, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic spans are produced to when bootstrap.servers is set; the streams app's input.topic.")
            .define(MODE, Type.STRING, "virtual", ConfigDef.ValidString.in("virtual", "realtime"), Importance.HIGH,
                    "virtual: as fast as possible, timestamps from sim.epoch.start; realtime: paced by the wall"
                            + " clock times sim.speedup, timestamps from now unless sim.epoch.start is set.")
            .define(SPEEDUP, Type.DOUBLE, 1.0, Range.atLeast(Double.MIN_VALUE), Importance.MEDIUM,
                    "Real-time mode: simulated seconds per wall-clock second.")
            .define(EPOCH_START, Type.STRING, "", Importance.LOW,
                    "Unix time of simulated time 0 as an ISO-8601 instant; empty: 2026-01-01T00:00:00Z in virtual"
                            + " mode, now in real time.")
            .define(REPLICAS, Type.LIST, "", Importance.MEDIUM,
                    "Initial replicas overriding the model's, as service=N entries, e.g. profile=5,user=1.")
            .define(ACTUATION_DELAY, Type.STRING, "0s", DurationKey.nonNegative(), Importance.MEDIUM,
                    "Pod start-up time: a replica added later serves only this long after it was asked for.")
            .define(NAMESPACE, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Kubernetes namespace recorded on spans (k8s.namespace.name) and of the simulated Deployments;"
                            + " the streams app's target.namespace.")
            .define(DEPLOYMENT_PATTERN, Type.STRING, DeploymentNames.PLACEHOLDER, Importance.LOW,
                    "Deployment name of a simulated service, {service} replaced (the streams app's"
                            + " deployment.pattern); decisions name Deployments this way.")
            .define(FOLLOW_DECISIONS, Type.BOOLEAN, false, Importance.HIGH,
                    "Real-time mode with Kafka: act as the cluster the scaler drives - consume qf.decisions, apply"
                            + " each through the scaler's safety rules to the simulated replicas, and publish them to"
                            + " qf.replicas and qf.scale-events. Needs schema.registry.url.")
            .define(PROGRESS_INTERVAL, Type.STRING, "10s", DurationKey.nonNegative(), Importance.LOW,
                    "Wall-clock time between progress lines; 0: none.")
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", Importance.LOW,
                    "Address of the /health, /ready and /metrics endpoints.")
            .define(HTTP_PORT, Type.INT, -1, Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the /health, /ready and /metrics endpoints; -1: no endpoints (a batch run), 0: any"
                            + " free port.");

    /** Producer and consumer keys, and the serde's, pass through to the Kafka clients unchanged. */
    public static final PassThrough PASS_THROUGH = PassThrough.of(
            List.of(ProducerConfig.configNames(), ConsumerConfig.configNames()),
            List.of("schema.registry.", "basic.auth."));

    public SimulateConfig(Map<String, String> values) {
        super(DEFINITION, values, PASS_THROUGH);
        // Checks across keys, so a bad combination fails before anything starts.
        boolean toKafka = bootstrapServers().isPresent();
        if (toKafka == output().isPresent()) {
            throw new ConfigException("give exactly one of " + OUTPUT + " (a file) or " + BOOTSTRAP_SERVERS
                    + " (a Kafka cluster) as the destination of the spans");
        }
        if (!realTime() && durationSeconds() == Double.POSITIVE_INFINITY) {
            throw new ConfigException(DURATION, getString(DURATION), "0 (until stopped) needs " + MODE + "=realtime");
        }
        if (followDecisions()) {
            if (!toKafka || !realTime()) {
                throw new ConfigException(FOLLOW_DECISIONS + "=true needs " + BOOTSTRAP_SERVERS + " and " + MODE
                        + "=realtime: decisions arrive from Kafka, as the pipeline makes them");
            }
            if (!passThrough().containsKey(SCHEMA_REGISTRY_URL)) {
                throw new ConfigException(FOLLOW_DECISIONS + "=true needs " + SCHEMA_REGISTRY_URL
                        + " (the decisions are Avro); mock://<scope> selects an in-process registry");
            }
        }
        initialReplicas();
        epochStartMicros(0);
        deploymentNames();
    }

    public Optional<Path> model() {
        String model = getString(MODEL).trim();
        return model.isEmpty() ? Optional.empty() : Optional.of(Path.of(model));
    }

    public String workload() {
        return getString(WORKLOAD).trim();
    }

    /** Seconds during which requests arrive; +∞ for a run until stopped. */
    public double durationSeconds() {
        double seconds = DurationKey.seconds(getString(DURATION), DURATION);
        return seconds == 0 ? Double.POSITIVE_INFINITY : seconds;
    }

    public long seed() {
        return getLong(SEED);
    }

    public SpanFormat format() {
        return TraceEncoder.parseFormat(getString(FORMAT));
    }

    public Optional<Path> output() {
        String output = getString(OUTPUT).trim();
        return output.isEmpty() ? Optional.empty() : Optional.of(Path.of(output));
    }

    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(passThrough().get(BOOTSTRAP_SERVERS)).filter(s -> !s.isBlank());
    }

    public String topic() {
        return getString(TOPIC).trim();
    }

    public boolean realTime() {
        return getString(MODE).equals("realtime");
    }

    public double speedup() {
        return getDouble(SPEEDUP);
    }

    /** Unix time (µs) of simulated time 0: the configured instant, else the default for the mode. */
    public long epochStartMicros(long nowMicros) {
        String text = getString(EPOCH_START).trim();
        if (text.isEmpty()) {
            return realTime() ? nowMicros : io.queueflower.simulator.engine.SimulationSettings.DEFAULT_EPOCH_MICROS;
        }
        try {
            Instant instant = Instant.parse(text);
            return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
        } catch (DateTimeParseException e) {
            throw new ConfigException(EPOCH_START, text, "not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    /** Service → initial replicas, from {@code service=N} entries. */
    public Map<String, Integer> initialReplicas() {
        Map<String, Integer> replicas = new TreeMap<>();
        for (String entry : getList(REPLICAS)) {
            String[] parts = entry.split("=", 2);
            try {
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new NumberFormatException();
                }
                int n = Integer.parseInt(parts[1].trim());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                replicas.put(parts[0].trim(), n);
            } catch (NumberFormatException e) {
                throw new ConfigException(REPLICAS, entry, "entries are service=N with N >= 0, e.g. profile=5");
            }
        }
        return replicas;
    }

    public double actuationDelaySeconds() {
        return DurationKey.seconds(getString(ACTUATION_DELAY), ACTUATION_DELAY);
    }

    public String namespace() {
        return getString(NAMESPACE).trim();
    }

    public DeploymentNames deploymentNames() {
        try {
            return new DeploymentNames(getString(DEPLOYMENT_PATTERN), Map.of());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DEPLOYMENT_PATTERN, getString(DEPLOYMENT_PATTERN), e.getMessage());
        }
    }

    public boolean followDecisions() {
        return getBoolean(FOLLOW_DECISIONS);
    }

    /** Wall-clock seconds between progress lines; 0 for none. */
    public double progressIntervalSeconds() {
        return DurationKey.seconds(getString(PROGRESS_INTERVAL), PROGRESS_INTERVAL);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    /** The endpoints' port, if any are wanted. */
    public Optional<Integer> httpPort() {
        int port = getInt(HTTP_PORT);
        return port < 0 ? Optional.empty() : Optional.of(port);
    }

    /** Keys for the span producer: the operator's producer keys over the simulator's defaults. */
    public Map<String, Object> producerSettings() {
        Map<String, Object> settings = new HashMap<>();
        // Spans of a whole trace go out together; a little lingering batches them as a collector's exporter does.
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "qf-simulator");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return withOperatorKeys(settings, ProducerConfig.configNames());
    }

    /** Keys for the decision consumer (follow mode): the operator's consumer keys over the simulator's defaults. */
    public Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "qf-simulator-" + namespace());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // The streams app writes exactly-once; only committed decisions may move replicas.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return withOperatorKeys(settings, ConsumerConfig.configNames());
    }

    /** The operator's pass-through keys that a client knows, over the simulator's defaults for that client. */
    private Map<String, Object> withOperatorKeys(Map<String, Object> defaults, java.util.Set<String> clientKeys) {
        passThrough().forEach((k, v) -> {
            if (clientKeys.contains(k)) {
                defaults.put(k, v);
            }
        });
        return defaults;
    }

    /** The serde settings, for the topic catalogue. */
    public Map<String, String> serdeSettings() {
        Map<String, String> settings = new TreeMap<>();
        passThrough().forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                settings.put(k, v);
            }
        });
        return settings;
    }

}
