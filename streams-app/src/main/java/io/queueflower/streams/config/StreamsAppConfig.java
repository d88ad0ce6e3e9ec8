package io.queueflower.streams.config;

import io.queueflower.core.algorithm.AlgorithmKind;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.algorithm.AllocationBounds;
import io.queueflower.core.algorithm.BalancedSettings;
import io.queueflower.core.algorithm.ConfigNamed;
import io.queueflower.core.algorithm.Estimator;
import io.queueflower.core.algorithm.HabSettings;
import io.queueflower.core.algorithm.HpaSettings;
import io.queueflower.core.algorithm.LeftoverRule;
import io.queueflower.core.algorithm.Variant;
import io.queueflower.core.algorithm.Weights;
import io.queueflower.core.estimate.ExclusiveTimeMode;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.sla.SlaTable;
import io.queueflower.core.time.LateTraces;
import io.queueflower.core.time.TumblingWindows;
import io.queueflower.core.window.WindowLifecycle;
import io.queueflower.platform.config.AppConfig;
import io.queueflower.platform.config.ConfigSources;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The streams app's configuration, all in one place: every key of ours with its type, default, allowed values and
 * meaning ({@link #DEFINITION}); Kafka Streams, client and serde keys pass through to Kafka untouched. The
 * configuration reference in the README is generated from this definition.
 */
public final class StreamsAppConfig extends AppConfig {
    public static final String INPUT_TOPIC = "input.topic";
    public static final String INPUT_FORMAT = "input.format";
    public static final String INPUT_KEYED_BY_TRACE = "input.keyed.by.trace";
    public static final String TRACE_IDLE_MS = "trace.idle.ms";
    public static final String TRACE_MAX_WAIT_MS = "trace.max.wait.ms";
    public static final String TRACE_MAX_SPANS = "trace.max.spans";
    public static final String WINDOW_SIZE_MS = "window.size.ms";
    public static final String WINDOW_GRACE_MS = "window.grace.ms";
    public static final String WINDOW_IDLE_CLOSE_MS = "window.idle.close.ms";
    public static final String WINDOW_LATE_TRACES = "window.late.traces";
    public static final String STATE_STORES = "state.stores";
    public static final String HTTP_HOST = "http.host";
    public static final String HTTP_PORT = "http.port";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String ALGORITHM = "algorithm";
    public static final String VARIANT = "variant";
    public static final String ESTIMATOR = "estimator";
    public static final String EXCLUSIVE_TIME = "exclusive.time";
    public static final String WINDOW_EXACT_VALUES = "window.exact.values";
    public static final String FREE_PODS = "free.pods";
    public static final String BASE_REPLICAS = "base.replicas";
    public static final String WEIGHTS = "weights";
    public static final String VIOLATION_CLIP = "violation.clip";
    public static final String LEFTOVER = "leftover";
    public static final String SEED = "seed";
    public static final String SLA_AVG_FILE = "sla.avg.file";
    public static final String SLA_TAIL_FILE = "sla.tail.file";
    public static final String EXCLUDED_SERVICES = "excluded.services";
    public static final String MIN_REPLICAS = "min.replicas";
    public static final String MAX_REPLICAS = "max.replicas";
    public static final String MIN_REPLICAS_OVERRIDES = "min.replicas.overrides";
    public static final String MAX_REPLICAS_OVERRIDES = "max.replicas.overrides";
    public static final String STATIC_REPLICAS = "static.replicas";
    public static final String HAB_TARGET_MS = "hab.target.ms";
    public static final String HAB_THRESHOLD_MS = "hab.threshold.ms";
    public static final String HAB_PHI_MIN = "hab.phi.min";
    public static final String HAB_PHI_MAX = "hab.phi.max";
    public static final String HAB_LAMBDA_BASE = "hab.lambda.base";
    public static final String HAB_SERVICE_TIME_UNIT = "hab.service.time.unit";
    public static final String HPA_TARGET_UTILIZATION = "hpa.target.utilization";
    public static final String HPA_TOLERANCE = "hpa.tolerance";
    public static final String HPA_CONCURRENCY = "hpa.concurrency.per.pod";
    public static final String HPA_MIN_REPLICAS = "hpa.min.replicas";
    public static final String HPA_UTILIZATION = "hpa.utilization";
    public static final String BALANCED_FLOOR_UTILIZATION = "balanced.floor.utilization";
    public static final String BALANCED_PLAN_UTILIZATION = "balanced.plan.utilization";
    public static final String BALANCED_MIN_GAIN = "balanced.min.gain";
    public static final String BALANCED_REVERSAL_FACTOR = "balanced.reversal.factor";
    public static final String BALANCED_MAX_MOVES = "balanced.max.moves";
    public static final String BALANCED_SMOOTHING = "balanced.smoothing";
    public static final String BALANCED_TREND_WINDOWS = "balanced.trend.windows";
    public static final String BALANCED_SATURATION = "balanced.saturation";
    public static final String BALANCED_OVERLOAD_GROWTH = "balanced.overload.growth";
    public static final String BALANCED_HEDGE_UTILIZATION = "balanced.hedge.utilization";
    public static final String BALANCED_PEAK_MEMORY_MS = "balanced.peak.memory.ms";
    public static final String BALANCED_FLOW_WEIGHT = "balanced.flow.weight";
    public static final String POD_CONCURRENCY = "pod.concurrency";
    public static final String POD_STARTUP_MS = "pod.startup.ms";
    public static final String POD_CONCURRENCY_OVERRIDES = "pod.concurrency.overrides";
    public static final String TARGET_NAMESPACE = "target.namespace";
    public static final String DEPLOYMENT_PATTERN = "deployment.pattern";
    public static final String DEPLOYMENT_MAP = "deployment.map";

    public static final List<String> FORMATS =
            List.of("auto", "jaeger-proto", "jaeger-json", "otlp-proto", "otlp-json", "jaeger-ui");

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(INPUT_TOPIC, Type.STRING, "jaeger-spans", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic the tracing stack writes spans to (jaeger-collector KAFKA_PRODUCER_TOPIC, "
                            + "OTel Collector kafka exporter 'topic').")
            .define(INPUT_FORMAT, Type.STRING, "auto", ValidString.in(FORMATS.toArray(String[]::new)),
                    Importance.HIGH, "Encoding of the input records; 'auto' detects it per record.")
            .define(INPUT_KEYED_BY_TRACE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "The input is already keyed by trace id, one trace per record (jaeger-collector's Kafka storage;"
                            + " the OpenTelemetry Collector's kafka exporter with partition_traces_by_id): traces are"
                            + " assembled where the spans are read, without the qf.spans repartition (which then stays"
                            + " empty). A record with several traces, no key or another key goes to the dead-letter"
                            + " topic.")
            .define(TRACE_IDLE_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.MEDIUM,
                    "A trace is assembled once its root is present and no span arrived for this long (event time).")
            .define(TRACE_MAX_WAIT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A trace is assembled at the latest this long after its first span (event time), root or not.")
            .define(TRACE_MAX_SPANS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Spans kept per trace; a trace that grows past this is assembled at once and further spans "
                            + "count as late, so one runaway trace cannot exhaust the state store.")
            .define(WINDOW_SIZE_MS, Type.LONG, TumblingWindows.DEFAULT_SIZE_MS, Range.atLeast(1_000), Importance.HIGH,
                    "Length of the tumbling event-time windows over which queues are estimated (paper: 90 s; "
                            + "30 s answers a change within a minute, see benchmarks/experiments/README.md).")
            .define(WINDOW_GRACE_MS, Type.LONG, TumblingWindows.DEFAULT_GRACE_MS, Range.atLeast(0), Importance.MEDIUM,
                    "How long after its end a window still accepts traces (covers trace.idle.ms plus the longest "
                            + "trace); decisions are made when the window closes.")
            .define(WINDOW_LATE_TRACES, Type.STRING, "next-window", names(LateTraces.class), Importance.MEDIUM,
                    "A trace that finishes after its window closed: next-window counts it in the oldest open window "
                            + "(a congested service's slow traces still show its queue); drop leaves it out, as the "
                            + "paper's Jaeger queries do.")
            .define(WINDOW_IDLE_CLOSE_MS, Type.LONG, 120_000L, Range.atLeast(0), Importance.MEDIUM,
                    "When no trace has arrived for this long (wall clock), event time moves on with the wall clock, "
                            + "so windows keep closing while the traffic is gone and empty ones decide on zero load; "
                            + "trace assembly first lets out the traces it holds, after half of this. 0: windows close "
                            + "on event time only; use 0 when event time does not run at wall-clock pace (sped-up "
                            + "simulations). 2 min outlasts the stalls of a healthy pipeline (a rebalance after a lost "
                            + "member: 45 s session timeout by default), which would otherwise pass for silence and "
                            + "close windows before their traces arrive, and still decides the last window within "
                            + "3 min of the traffic stopping, sooner than Kubernetes' HPA scales down (5 min).")
            .define(STATE_STORES, Type.STRING, "rocksdb", ValidString.in("rocksdb", "in-memory"), Importance.LOW,
                    "Where state stores keep their data: rocksdb (more than the heap holds) or in-memory (faster; "
                            + "replay uses it). Both are backed by changelog topics.")
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", Importance.LOW,
                    "Interface of the HTTP server (/health, /ready, /metrics, /stats, /decision).")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.LOW,
                    "Port of the HTTP server; 0 picks a free port.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Confluent-API schema registry URL(s), comma-separated; mock://<scope> for an "
                            + "in-process registry.")
            .define(ALGORITHM, Type.STRING, "queueflower", names(AlgorithmKind.class), Importance.HIGH,
                    "Scaling algorithm: queueflower, hab (the paper's baseline), hpa (Kubernetes' rule on "
                            + "trace-estimated utilisation) or static.")
            .define(VARIANT, Type.STRING, "balanced", names(Variant.class), Importance.HIGH,
                    "QueueFlower variant: balanced (queues by Little's law, load from an M/M/c model, stability "
                            + "floors, damped moves: the robust controller), or the paper's prop (queues only), "
                            + "prop-sla (queues + average-SLA violations), prop-sla2 (queues + average- and "
                            + "tail-SLA violations).")
            .define(ESTIMATOR, Type.STRING, "reference", names(Estimator.class), Importance.MEDIUM,
                    "Queue estimator of the prop variants: reference (mean exclusive time, ms) or littles-law "
                            + "(arrival rate x mean exclusive time = requests in the service); balanced always "
                            + "uses Little's law.")
            .define(EXCLUSIVE_TIME, Type.STRING, "overlap-aware", ValidString.in(Arrays.stream(ExclusiveTimeMode.values()).map(ExclusiveTimeMode::configName).toArray(String[]::new)), Importance.MEDIUM,
                    "Exclusive time: reference (duration minus children's durations; negative under parallel "
                            + "fan-out) or overlap-aware (minus the union of children's intervals, clipped at 0).")
            .define(WINDOW_EXACT_VALUES, Type.BOOLEAN, true, Importance.LOW,
                    "Keep every per-trace value in the window for the reference's exact quantiles and tail means "
                            + "(8 bytes per trace and service); false uses HdrHistogram sketches only.")
            .define(FREE_PODS, Type.INT, 16, Range.atLeast(0), Importance.HIGH,
                    "Free pod pool F shared out in proportion to blocking (paper: 16 for 8 services).")
            .define(BASE_REPLICAS, Type.INT, 1, Range.atLeast(0), Importance.HIGH,
                    "Replicas every service gets before the pool is shared out.")
            .define(WEIGHTS, Type.LIST, "0.5,0.3,0.2", Importance.MEDIUM,
                    "Blocking weights w1 (queue), w2 (average-SLA violation), w3 (tail-SLA violation).")
            .define(VIOLATION_CLIP, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Count only positive per-(service, flow) SLA violations; false reproduces the reference, "
                            + "which lets them go negative.")
            .define(LEFTOVER, Type.STRING, "largest-remainder", names(LeftoverRule.class), Importance.MEDIUM,
                    "Who gets the pods the floor leaves over: largest-remainder (deterministic), random (the "
                            + "reference: drawn in proportion to blocking from 'seed') or largest-share.")
            .define(SEED, Type.LONG, 42L, Importance.LOW, "Seed of the random leftover rule.")
            .define(SLA_AVG_FILE, Type.STRING, "", Importance.MEDIUM,
                    "CSV of average SLAs in ms: header 'service,<flow>,...', one row per service, empty cell = "
                            + "no SLA. Empty: no average-SLA term.")
            .define(SLA_TAIL_FILE, Type.STRING, "", Importance.MEDIUM,
                    "CSV of tail SLAs in ms, same format. Empty: no tail-SLA term.")
            .define(EXCLUDED_SERVICES, Type.LIST, "", Importance.MEDIUM,
                    "Services never scaled (databases, caches, tracing, the frontend if wanted); their time still "
                            + "counts in their flows' latency.")
            .define(MIN_REPLICAS, Type.INT, 1, Range.atLeast(0), Importance.MEDIUM,
                    "Lower clamp of every target.")
            .define(MAX_REPLICAS, Type.INT, 100, Range.atLeast(1), Importance.MEDIUM,
                    "Upper clamp of every target.")
            .define(MIN_REPLICAS_OVERRIDES, Type.LIST, "", Importance.LOW,
                    "Per-service lower clamps as service:replicas pairs, e.g. search:2,geo:1.")
            .define(MAX_REPLICAS_OVERRIDES, Type.LIST, "", Importance.LOW,
                    "Per-service upper clamps as service:replicas pairs.")
            .define(STATIC_REPLICAS, Type.LIST, "", Importance.LOW,
                    "static algorithm: service:replicas pairs; empty splits base x services + free pods evenly.")
            .define(HAB_TARGET_MS, Type.DOUBLE, 1500.0, Importance.LOW,
                    "HAB: target of the summed mean end-to-end latency R of the flows, ms.")
            .define(HAB_THRESHOLD_MS, Type.DOUBLE, 500.0, Importance.LOW,
                    "HAB: dead band around the target, ms; inside it phi holds.")
            .define(HAB_PHI_MIN, Type.DOUBLE, 2.0, Importance.LOW, "HAB: lower end of phi's search interval.")
            .define(HAB_PHI_MAX, Type.DOUBLE, 20.0, Importance.LOW, "HAB: upper end of phi's search interval.")
            .define(HAB_LAMBDA_BASE, Type.DOUBLE, 2.0, Importance.LOW, "HAB: lambda_base, nominal requests/s.")
            .define(HAB_SERVICE_TIME_UNIT, Type.STRING, "ms", ValidString.in("ms", "s"), Importance.LOW,
                    "HAB: unit of s[n] in phi x lambda_base x s[n]; with s every millisecond service sits at 1 pod.")
            .define(HPA_TARGET_UTILIZATION, Type.DOUBLE, 0.7, Importance.LOW,
                    "HPA: target utilisation per pod.")
            .define(HPA_TOLERANCE, Type.DOUBLE, 0.1, Importance.LOW,
                    "HPA: no change while |u/target - 1| is within this (Kubernetes' default 10 %).")
            .define(HPA_CONCURRENCY, Type.DOUBLE, 1.0, Importance.LOW,
                    "HPA: requests one pod serves at once (utilisation = lambda x s / (replicas x this)).")
            .define(HPA_MIN_REPLICAS, Type.INT, 1, Range.atLeast(0), Importance.LOW, "HPA: its own minimum.")
            .define(HPA_UTILIZATION, Type.STRING, "queue", ValidString.in("queue", "sojourn"), Importance.LOW,
                    "HPA: queue (the busy share the traces' queue implies, as a CPU metric would show) or sojourn "
                            + "(lambda x W / servers, wait included: this project's earlier estimate, which reads a "
                            + "busy service as overloaded).")
            .define(BALANCED_FLOOR_UTILIZATION, Type.DOUBLE, BalancedSettings.DEFAULT.floorUtilization(),
                    Importance.LOW, "balanced: every service gets at least the pods that keep its estimated load "
                            + "under this utilisation (its stability floor), while the budget allows.")
            .define(BALANCED_PLAN_UTILIZATION, Type.DOUBLE, BalancedSettings.DEFAULT.planUtilization(),
                    Importance.LOW, "balanced: pods beyond the floors go where they would cut queues most if every "
                            + "load grew alike until the budget ran at this utilisation.")
            .define(BALANCED_MIN_GAIN, Type.DOUBLE, BalancedSettings.DEFAULT.minGain(), Importance.LOW,
                    "balanced: a pod moves only if it cuts the two services' predicted requests in system by "
                            + "more than this fraction (hysteresis).")
            .define(BALANCED_REVERSAL_FACTOR, Type.DOUBLE, BalancedSettings.DEFAULT.reversalFactor(), Importance.LOW,
                    "balanced: undoing a move of the last two windows needs this many times the min gain.")
            .define(BALANCED_MAX_MOVES, Type.INT, BalancedSettings.DEFAULT.maxMoves(), Range.atLeast(0),
                    Importance.LOW, "balanced: pods moved between services per decision, beyond stability floors.")
            .define(BALANCED_SMOOTHING, Type.DOUBLE, BalancedSettings.DEFAULT.smoothing(), Importance.LOW,
                    "balanced: weight of the newest window in the smoothed service time (1 = no memory).")
            .define(BALANCED_TREND_WINDOWS, Type.DOUBLE, BalancedSettings.DEFAULT.trendWindows(), Importance.LOW,
                    "balanced: a rise of a service's arrival rate beyond sampling noise is planned for this many "
                            + "times over (0 disables the trend).")
            .define(BALANCED_SATURATION, Type.DOUBLE, BalancedSettings.DEFAULT.saturation(), Importance.LOW,
                    "balanced: a queue implying this utilisation or more is saturated and probed.")
            .define(BALANCED_OVERLOAD_GROWTH, Type.DOUBLE, BalancedSettings.DEFAULT.overloadGrowth(), Importance.LOW,
                    "balanced: a saturated service asks for at least this many times its servers.")
            .define(BALANCED_HEDGE_UTILIZATION, Type.DOUBLE, BalancedSettings.DEFAULT.hedgeUtilization(),
                    Importance.LOW, "balanced: pods spare after the floors keep each service able to carry its "
                            + "recent peak at this utilisation (with balanced.peak.memory.ms > 0).")
            .define(BALANCED_PEAK_MEMORY_MS, Type.LONG, Math.round(BalancedSettings.DEFAULT.peakMemorySeconds() * 1000),
                    Range.atLeast(0), Importance.LOW, "balanced: how long a peak load is remembered for the hedge "
                            + "(decays by e^(-window/memory) per window); 0 disables the hedge.")
            .define(BALANCED_FLOW_WEIGHT, Type.DOUBLE, BalancedSettings.DEFAULT.flowWeight(), Importance.LOW,
                    "balanced: a service's queue counts (flow latency / mean latency)^this, averaged over its flows: "
                            + "above 0, services on long flows (the tail of the request mix) get headroom first.")
            .define(POD_CONCURRENCY, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                    "balanced: requests one pod works on at once, the servers per pod of its queue model.")
            .define(POD_CONCURRENCY_OVERRIDES, Type.LIST, "", Importance.LOW,
                    "balanced: per-service pod.concurrency as service:requests pairs, e.g. nginx:4 (traces do not "
                            + "show it; a 4-request pod counted as one looks four times busier than it is).")
            .define(POD_STARTUP_MS, Type.LONG, 20_000L, Range.atLeast(0), Importance.LOW,
                    "balanced: how long a new pod takes to serve; with window.grace.ms it says which window a "
                            + "change first shows in fully.")
            .define(TARGET_NAMESPACE, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kubernetes namespace the decisions are for (key of qf.decisions).")
            .define(DEPLOYMENT_PATTERN, Type.STRING, "{service}", Importance.HIGH,
                    "Deployment name of a service; {service} is replaced, e.g. {service}-hotel-hotelres.")
            .define(DEPLOYMENT_MAP, Type.LIST, "", Importance.MEDIUM,
                    "Explicit service:deployment pairs, taking precedence over the pattern.");

    /** Kafka keys that pass through: Streams, client, and serde keys, plus Streams' per-client prefixes. */
    public static final PassThrough KAFKA_KEYS = PassThrough.of(List.of(
                    StreamsConfig.configDef().names(), ProducerConfig.configNames(), ConsumerConfig.configNames(),
                    AdminClientConfig.configNames(),
                    Set.of("auto.register.schemas", "use.latest.version", "basic.auth.credentials.source",
                            "basic.auth.user.info")),
            List.of(StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX,
                    StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
                    StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.TOPIC_PREFIX));

    /** Defaults for Kafka keys that differ from Kafka's own. */
    static final Map<String, String> KAFKA_DEFAULTS = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG, "queueflower",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");

    private static <E extends Enum<E> & ConfigNamed> ConfigDef.Validator names(Class<E> type) {
        String[] allowed = Arrays.stream(type.getEnumConstants()).map(ConfigNamed::configName)
                .toArray(String[]::new);
        return ValidString.in(allowed);
    }

    public StreamsAppConfig(Map<String, String> values) {
        super(DEFINITION, values, KAFKA_KEYS);
    }

    /** File, then {@code QF_*} environment, then explicit overrides. */
    public static StreamsAppConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        return new StreamsAppConfig(ConfigSources.load(file, environment, overrides));
    }

    /** Properties for {@code KafkaStreams}: our Kafka defaults overlaid by every pass-through key given. */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> props = new HashMap<>(KAFKA_DEFAULTS);
        props.putAll(passThrough());
        props.put(SCHEMA_REGISTRY_URL, getString(SCHEMA_REGISTRY_URL));
        return props;
    }

    /** The algorithm settings; SLA files are read here, so a bad file fails at start naming file, line and column. */
    public AlgorithmSettings algorithmSettings() {
        List<String> weights = getList(WEIGHTS);
        if (weights.size() != 3) {
            throw new ConfigException(WEIGHTS, String.join(",", weights), "expected three numbers w1,w2,w3");
        }
        return AlgorithmSettings.builder()
                .algorithm(ConfigNamed.parse(AlgorithmKind.class, ALGORITHM, getString(ALGORITHM)))
                .variant(ConfigNamed.parse(Variant.class, VARIANT, getString(VARIANT)))
                .estimator(ConfigNamed.parse(Estimator.class, ESTIMATOR, getString(ESTIMATOR)))
                .exclusiveTimeMode(ExclusiveTimeMode.fromConfigName(getString(EXCLUSIVE_TIME)))
                .freePool(getInt(FREE_PODS))
                .baseReplicas(getInt(BASE_REPLICAS))
                .weights(new Weights(number(WEIGHTS, weights.get(0)), number(WEIGHTS, weights.get(1)),
                        number(WEIGHTS, weights.get(2))))
                .clipViolations(getBoolean(VIOLATION_CLIP))
                .leftover(ConfigNamed.parse(LeftoverRule.class, LEFTOVER, getString(LEFTOVER)))
                .seed(getLong(SEED))
                .averageSla(sla(SLA_AVG_FILE))
                .tailSla(sla(SLA_TAIL_FILE))
                .excludedServices(new TreeSet<>(getList(EXCLUDED_SERVICES)))
                .bounds(new AllocationBounds(pairs(MIN_REPLICAS_OVERRIDES), pairs(MAX_REPLICAS_OVERRIDES),
                        getInt(MIN_REPLICAS), getInt(MAX_REPLICAS)))
                .hab(new HabSettings(getDouble(HAB_TARGET_MS), getDouble(HAB_THRESHOLD_MS), getDouble(HAB_PHI_MIN),
                        getDouble(HAB_PHI_MAX), getDouble(HAB_LAMBDA_BASE),
                        getString(HAB_SERVICE_TIME_UNIT).equals("s") ? TimeUnit.SECONDS : TimeUnit.MILLISECONDS))
                .hpa(new HpaSettings(getDouble(HPA_TARGET_UTILIZATION), getDouble(HPA_TOLERANCE),
                        getDouble(HPA_CONCURRENCY), getInt(HPA_MIN_REPLICAS),
                        getString(HPA_UTILIZATION).equals("sojourn")))
                .balanced(BalancedSettings.DEFAULT.toBuilder()
                        .floorUtilization(getDouble(BALANCED_FLOOR_UTILIZATION))
                        .planUtilization(getDouble(BALANCED_PLAN_UTILIZATION))
                        .minGain(getDouble(BALANCED_MIN_GAIN))
                        .reversalFactor(getDouble(BALANCED_REVERSAL_FACTOR))
                        .maxMoves(getInt(BALANCED_MAX_MOVES))
                        .smoothing(getDouble(BALANCED_SMOOTHING))
                        .trendWindows(getDouble(BALANCED_TREND_WINDOWS))
                        .saturation(getDouble(BALANCED_SATURATION))
                        .overloadGrowth(getDouble(BALANCED_OVERLOAD_GROWTH))
                        .hedgeUtilization(getDouble(BALANCED_HEDGE_UTILIZATION))
                        .peakMemorySeconds(getLong(BALANCED_PEAK_MEMORY_MS) / 1000.0)
                        .flowWeight(getDouble(BALANCED_FLOW_WEIGHT))
                        .concurrency(getInt(POD_CONCURRENCY))
                        .concurrencyOverrides(positive(POD_CONCURRENCY_OVERRIDES))
                        .settleSeconds((getLong(WINDOW_GRACE_MS) + getLong(POD_STARTUP_MS)) / 1000.0)
                        .build())
                .staticReplicas(pairs(STATIC_REPLICAS))
                .build();
    }

    /** How services map to Deployment names in the target namespace. */
    public DeploymentNames deploymentNames() {
        Map<String, String> explicit = new TreeMap<>();
        for (String pair : getList(DEPLOYMENT_MAP)) {
            String[] parts = pair.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new ConfigException(DEPLOYMENT_MAP, pair, "expected service:deployment");
            }
            explicit.put(parts[0].trim(), parts[1].trim());
        }
        return new DeploymentNames(getString(DEPLOYMENT_PATTERN), explicit);
    }

    /** The window lifecycle these settings make: the decision stage's, and what /stats recomputes with. */
    public WindowLifecycle windowLifecycle() {
        return new WindowLifecycle(algorithmSettings(), new TumblingWindows(getLong(WINDOW_SIZE_MS),
                getLong(WINDOW_GRACE_MS)), lateTraces(), keepExactValues());
    }

    public LateTraces lateTraces() {
        return LateTraces.fromConfigName(getString(WINDOW_LATE_TRACES));
    }

    public boolean keepExactValues() {
        return getBoolean(WINDOW_EXACT_VALUES);
    }

    private SlaTable sla(String key) {
        String file = getString(key);
        return file.isBlank() ? SlaTable.empty() : SlaTable.read(Path.of(file));
    }

    private Map<String, Integer> pairs(String key) {
        Map<String, Integer> values = new TreeMap<>();
        for (String pair : getList(key)) {
            String[] parts = pair.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new ConfigException(key, pair, "expected service:replicas");
            }
            try {
                values.put(parts[0].trim(), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, pair, "the number after ':' must be a whole number");
            }
        }
        return values;
    }

    private Map<String, Integer> positive(String key) {
        Map<String, Integer> values = pairs(key);
        values.forEach((service, value) -> {
            if (value < 1) {
                throw new ConfigException(key, service + ":" + value, "must be at least 1");
            }
        });
        return values;
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a number");
        }
    }

    /** The serde configuration for the topic catalogue. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = new HashMap<>();
        serde.put(SCHEMA_REGISTRY_URL, getString(SCHEMA_REGISTRY_URL));
        passThrough().forEach((k, v) -> {
            if (k.startsWith("basic.auth.") || k.equals("auto.register.schemas") || k.equals("use.latest.version")) {
                serde.put(k, v);
            }
        });
        return serde;
    }
}
