package io.queueflower.scaler.config;

import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.BoundsTable;
import io.queueflower.core.safety.LabelSelector;
import io.queueflower.core.safety.ReplicaBounds;
import io.queueflower.core.safety.SafetyPolicy;
import io.queueflower.core.safety.ScaleStabilizer;
import io.queueflower.core.safety.StepLimiter;
import io.queueflower.core.scaling.DecisionApplier;
import io.queueflower.core.scaling.DeploymentFacts;
import io.queueflower.core.scaling.ReplicaTarget;
import io.queueflower.core.scaling.RetryPolicy;
import io.queueflower.platform.config.AppConfig;
import io.queueflower.scaler.kubernetes.LeaseLeadership;
import io.queueflower.scaler.kubernetes.ScaleWriteMethod;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The scaler's configuration: its own {@code scaler.*} keys (environment: {@code QF_SCALER_*}) plus Kafka client and
 * schema-registry keys passed through to the clients. Every value is checked when the configuration is built, and
 * the typed views below fail with the key named when a value makes no sense together with another.
 */
public final class ScalerConfig extends AppConfig {
    public static final String ALLOW_NAMESPACES = "scaler.allow.namespaces";
    public static final String ALLOW_DEPLOYMENTS = "scaler.allow.deployments";
    public static final String ALLOW_LABEL_SELECTOR = "scaler.allow.label.selector";
    public static final String REPLICAS_MIN = "scaler.replicas.min";
    public static final String REPLICAS_MAX = "scaler.replicas.max";
    public static final String REPLICAS_BOUNDS = "scaler.replicas.bounds";
    public static final String MAX_STEP_UP = "scaler.max.step.up";
    public static final String MAX_STEP_DOWN = "scaler.max.step.down";
    public static final String STABILIZATION_WINDOW_MS = "scaler.stabilization.window.ms";
    public static final String DRY_RUN = "scaler.dry.run";
    public static final String OVERRIDE_HPA = "scaler.override.hpa";
    public static final String WRITE_METHOD = "scaler.write.method";
    public static final String READINESS_WAIT_MS = "scaler.readiness.wait.ms";
    public static final String RETRY_MAX_ATTEMPTS = "scaler.retry.max.attempts";
    public static final String RETRY_INITIAL_BACKOFF_MS = "scaler.retry.initial.backoff.ms";
    public static final String RETRY_MAX_BACKOFF_MS = "scaler.retry.max.backoff.ms";
    public static final String RETRY_JITTER = "scaler.retry.jitter";
    public static final String KUBERNETES_MASTER_URL = "scaler.kubernetes.master.url";
    public static final String KUBERNETES_REQUEST_TIMEOUT_MS = "scaler.kubernetes.request.timeout.ms";
    public static final String LEADER_ELECTION_ENABLED = "scaler.leader.election.enabled";
    public static final String LEADER_ELECTION_NAMESPACE = "scaler.leader.election.namespace";
    public static final String LEADER_ELECTION_LEASE_NAME = "scaler.leader.election.lease.name";
    public static final String LEADER_ELECTION_IDENTITY = "scaler.leader.election.identity";
    public static final String LEADER_ELECTION_LEASE_DURATION_MS = "scaler.leader.election.lease.duration.ms";
    public static final String LEADER_ELECTION_RENEW_DEADLINE_MS = "scaler.leader.election.renew.deadline.ms";
    public static final String LEADER_ELECTION_RETRY_PERIOD_MS = "scaler.leader.election.retry.period.ms";
    public static final String HTTP_HOST = "scaler.http.host";
    public static final String HTTP_PORT = "scaler.http.port";
    public static final String SHUTDOWN_TIMEOUT_MS = "scaler.shutdown.timeout.ms";
    public static final String POLL_TIMEOUT_MS = "scaler.poll.timeout.ms";

    /** Kafka keys the scaler sets itself when the operator does not. */
    public static final String DEFAULT_GROUP_ID = "qf-scaler";

    private static final ConfigDef.Validator LEADER_ELECTION_NAME = (name, value) -> {
        String text = (String) value;
        if (!text.isEmpty() && !text.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new ConfigException(name, value, "must be empty or a Kubernetes object name (lower-case letters,"
                    + " digits, '-' and '.')");
        }
    };

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(ALLOW_NAMESPACES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), Importance.HIGH,
                    "Namespaces whose Deployments the scaler may scale; decisions for any other namespace are refused."
                            + " Required.")
            .define(ALLOW_DEPLOYMENTS, Type.LIST, "", Importance.HIGH,
                    "Deployments the scaler may scale: 'name' (in every allowed namespace) or 'namespace/name'."
                            + " A Deployment must be listed here or match scaler.allow.label.selector;"
                            + " at least one of the two must be set.")
            .define(ALLOW_LABEL_SELECTOR, Type.STRING, "", Importance.HIGH,
                    "Kubernetes label selector (e.g. 'queueflower.io/scalable=true'); Deployments in an allowed"
                            + " namespace whose labels match may be scaled. Empty: names only.")
            .define(REPLICAS_MIN, Type.INT, 1, Range.atLeast(0), Importance.HIGH,
                    "Fewest replicas any Deployment is given, unless scaler.replicas.bounds says otherwise.")
            .define(REPLICAS_MAX, Type.INT, 50, Range.atLeast(0), Importance.HIGH,
                    "Most replicas any Deployment is given, unless scaler.replicas.bounds says otherwise.")
            .define(REPLICAS_BOUNDS, Type.LIST, "", Importance.MEDIUM,
                    "Per-Deployment bounds overriding scaler.replicas.min/max, as 'namespace/name=min:max' entries,"
                            + " e.g. 'shop/cart=2:20,shop/db=1:1'.")
            .define(MAX_STEP_UP, Type.INT, 10, Range.atLeast(1), Importance.HIGH,
                    "Most replicas one decision may add to a Deployment.")
            .define(MAX_STEP_DOWN, Type.INT, 5, Range.atLeast(1), Importance.HIGH,
                    "Most replicas one decision may remove from a Deployment.")
            .define(STABILIZATION_WINDOW_MS, Type.LONG, 0L, Range.atLeast(0), Importance.HIGH,
                    "Scale-down stabilisation window (as the HPA's): a Deployment is scaled down only to the highest"
                            + " target recommended within this long before the decision's window end. 0 (the "
                            + "default) disables: QueueFlower's decisions move pods between services within one "
                            + "budget and damp their own moves, and holding the downs but not the ups would spend "
                            + "more than the budget; 300000 (the HPA's) suits the hpa algorithm.")
            .define(DRY_RUN, Type.BOOLEAN, false, Importance.HIGH,
                    "Do everything (checks, reports, metrics) except writing replicas; events say DRY_RUN.")
            .define(OVERRIDE_HPA, Type.BOOLEAN, false, Importance.HIGH,
                    "Scale Deployments targeted by a HorizontalPodAutoscaler too (they are skipped by default, as the"
                            + " two would fight).")
            .define(WRITE_METHOD, Type.STRING, "update", ConfigDef.ValidString.in("update", "patch"),
                    Importance.MEDIUM,
                    "How the scale subresource is written: 'update' (PUT with the resourceVersion read, so a"
                            + " concurrent change is detected and the decision re-planned) or 'patch' (merge patch,"
                            + " last writer wins).")
            .define(READINESS_WAIT_MS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "After scaling, wait up to this long for available replicas to reach the target and report the"
                            + " time taken in ScaleEvent.readyAfterMs; 0 disables. Offsets are committed after the wait.")
            .define(RETRY_MAX_ATTEMPTS, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM,
                    "API attempts per Deployment and decision for retryable errors (409, 429, 5xx, timeouts).")
            .define(RETRY_INITIAL_BACKOFF_MS, Type.LONG, 200L, Range.atLeast(1), Importance.LOW,
                    "Wait before the first retry; doubles with each further retry.")
            .define(RETRY_MAX_BACKOFF_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                    "Cap on the wait between retries.")
            .define(RETRY_JITTER, Type.DOUBLE, 0.5, Range.between(0, 1), Importance.LOW,
                    "Each wait is shortened by a random fraction up to this much, so retries from several clients"
                            + " spread out.")
            .define(KUBERNETES_MASTER_URL, Type.STRING, "", Importance.MEDIUM,
                    "API server URL; empty: in-cluster service account, else kubeconfig (fabric8 auto-configuration).")
            .define(KUBERNETES_REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "Timeout of one Kubernetes API request; a timed-out request is retried.")
            .define(LEADER_ELECTION_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                    "Elect a leader on a Lease so several replicas can run and only one writes. Disable only for a"
                            + " single replica outside a cluster.")
            .define(LEADER_ELECTION_NAMESPACE, Type.STRING, "", LEADER_ELECTION_NAME, Importance.MEDIUM,
                    "Namespace of the Lease; empty: the pod's namespace (POD_NAMESPACE, else the client's namespace).")
            .define(LEADER_ELECTION_LEASE_NAME, Type.STRING, "qf-scaler", LEADER_ELECTION_NAME, Importance.LOW,
                    "Name of the Lease.")
            .define(LEADER_ELECTION_IDENTITY, Type.STRING, "", Importance.LOW,
                    "This replica's identity in the Lease; empty: the host (pod) name.")
            .define(LEADER_ELECTION_LEASE_DURATION_MS, Type.LONG, 15_000L, Range.atLeast(1), Importance.LOW,
                    "How long a lease holds without renewal; a standby takes over at most this long after the leader"
                            + " died without releasing it.")
            .define(LEADER_ELECTION_RENEW_DEADLINE_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                    "How long the leader keeps trying to renew before it stops writing; shorter than the lease"
                            + " duration, so it has stopped before anyone else can take over.")
            .define(LEADER_ELECTION_RETRY_PERIOD_MS, Type.LONG, 2_000L, Range.atLeast(1), Importance.LOW,
                    "Interval between lease renewals and acquisition attempts.")
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", Importance.LOW,
                    "Address of the /health, /ready and /metrics endpoints.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.LOW,
                    "Port of the /health, /ready and /metrics endpoints; 0 picks a free one.")
            .define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 20_000L, Range.atLeast(0), Importance.LOW,
                    "On SIGTERM, how long the decision in hand may take to finish before it is abandoned uncommitted;"
                            + " keep it below the pod's terminationGracePeriodSeconds.")
            .define(POLL_TIMEOUT_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                    "Longest wait of one Kafka poll for decisions.");

    /** Kafka client keys and the serde's keys may be given too; they go to the consumer and producer unchanged. */
    public static final PassThrough PASS_THROUGH = PassThrough.of(
            List.of(ConsumerConfig.configNames(), ProducerConfig.configNames()), List.of("schema.registry.",
                    "basic.auth.", "auto.register.schemas", "use.latest.version", "latest.cache.ttl.sec"));

    public ScalerConfig(Map<String, String> values) {
        super(DEFINITION, values, PASS_THROUGH);
        // Checks that need several keys together, made here so a bad configuration fails at start, not at the first
        // decision.
        if (getList(ALLOW_DEPLOYMENTS).isEmpty() && getString(ALLOW_LABEL_SELECTOR).isBlank()) {
            throw new ConfigException("neither " + ALLOW_DEPLOYMENTS + " nor " + ALLOW_LABEL_SELECTOR
                    + " is set: the scaler must be told which Deployments it may scale");
        }
        allowlist();
        bounds();
        retryPolicy();
        if (leaderElectionEnabled()) {
            leaseTiming("unused", "unused");
        }
        if (!passThrough().containsKey("bootstrap.servers")) {
            throw new ConfigException("bootstrap.servers is required (environment variable QF_BOOTSTRAP_SERVERS)");
        }
        if (!passThrough().containsKey("schema.registry.url")) {
            throw new ConfigException("schema.registry.url is required (environment variable QF_SCHEMA_REGISTRY_URL);"
                    + " mock://<scope> selects an in-process registry");
        }
    }

    private static ConfigDef.Validator nonEmptyList() {
        return (name, value) -> {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "at least one namespace is required");
            }
        };
    }

    public Allowlist allowlist() {
        String selector = getString(ALLOW_LABEL_SELECTOR).trim();
        try {
            return new Allowlist(new LinkedHashSet<>(getList(ALLOW_NAMESPACES)),
                    new LinkedHashSet<>(getList(ALLOW_DEPLOYMENTS)),
                    selector.isEmpty() ? Optional.empty() : Optional.of(LabelSelector.parse(selector)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid allowlist (" + ALLOW_NAMESPACES + ", " + ALLOW_DEPLOYMENTS + ", "
                    + ALLOW_LABEL_SELECTOR + "): " + e.getMessage());
        }
    }

    public BoundsTable bounds() {
        ReplicaBounds defaults;
        try {
            defaults = new ReplicaBounds(getInt(REPLICAS_MIN), getInt(REPLICAS_MAX));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REPLICAS_MIN + "/" + REPLICAS_MAX + ": " + e.getMessage());
        }
        try {
            return BoundsTable.parse(defaults, getList(REPLICAS_BOUNDS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REPLICAS_BOUNDS, String.join(",", getList(REPLICAS_BOUNDS)), e.getMessage());
        }
    }

    public StepLimiter stepLimiter() {
        return new StepLimiter(getInt(MAX_STEP_UP), getInt(MAX_STEP_DOWN));
    }

    public Duration stabilizationWindow() {
        return Duration.ofMillis(getLong(STABILIZATION_WINDOW_MS));
    }

    /** The safety policy these keys describe: bounds, step limits and scale-down stabilisation. */
    public SafetyPolicy safetyPolicy() {
        return new SafetyPolicy(bounds(), stepLimiter(), new ScaleStabilizer(stabilizationWindow()));
    }

    /**
     * An applier with this configuration's allowlist, safety policy, retry policy and settings, for {@code target}:
     * the scaler app and every simulated actuator build theirs here, so the rules are the scaler's defaults unless
     * a key says otherwise.
     */
    public DecisionApplier.Builder applier(ReplicaTarget target, DeploymentFacts facts) {
        return DecisionApplier.builder(allowlist(), safetyPolicy(), target, facts).retry(retryPolicy())
                .settings(applierSettings());
    }

    public DecisionApplier.Settings applierSettings() {
        return new DecisionApplier.Settings(getBoolean(DRY_RUN), getBoolean(OVERRIDE_HPA),
                Duration.ofMillis(getLong(READINESS_WAIT_MS)));
    }

    public RetryPolicy retryPolicy() {
        try {
            return new RetryPolicy(getInt(RETRY_MAX_ATTEMPTS), Duration.ofMillis(getLong(RETRY_INITIAL_BACKOFF_MS)),
                    Duration.ofMillis(getLong(RETRY_MAX_BACKOFF_MS)), getDouble(RETRY_JITTER));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RETRY_INITIAL_BACKOFF_MS + "/" + RETRY_MAX_BACKOFF_MS + ": " + e.getMessage());
        }
    }

    public ScaleWriteMethod writeMethod() {
        return ScaleWriteMethod.valueOf(getString(WRITE_METHOD).toUpperCase(Locale.ROOT));
    }

    public String kubernetesMasterUrl() {
        return getString(KUBERNETES_MASTER_URL);
    }

    public Duration kubernetesRequestTimeout() {
        return Duration.ofMillis(getInt(KUBERNETES_REQUEST_TIMEOUT_MS));
    }

    public boolean leaderElectionEnabled() {
        return getBoolean(LEADER_ELECTION_ENABLED);
    }

    /** Lease settings; namespace and identity fall back to what the pod knows about itself. */
    public LeaseLeadership.Settings leaseTiming(String fallbackNamespace, String fallbackIdentity) {
        String namespace = getString(LEADER_ELECTION_NAMESPACE).isBlank() ? fallbackNamespace
                : getString(LEADER_ELECTION_NAMESPACE);
        String identity = getString(LEADER_ELECTION_IDENTITY).isBlank() ? fallbackIdentity
                : getString(LEADER_ELECTION_IDENTITY);
        try {
            return new LeaseLeadership.Settings(namespace, getString(LEADER_ELECTION_LEASE_NAME), identity,
                    Duration.ofMillis(getLong(LEADER_ELECTION_LEASE_DURATION_MS)),
                    Duration.ofMillis(getLong(LEADER_ELECTION_RENEW_DEADLINE_MS)),
                    Duration.ofMillis(getLong(LEADER_ELECTION_RETRY_PERIOD_MS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("scaler.leader.election.*: " + e.getMessage());
        }
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SHUTDOWN_TIMEOUT_MS));
    }

    public Duration pollTimeout() {
        return Duration.ofMillis(getLong(POLL_TIMEOUT_MS));
    }

    /** The Kafka client and serde settings: the pass-through keys, with the scaler's group id by default. */
    public Map<String, Object> kafkaSettings() {
        Map<String, Object> settings = new TreeMap<>(passThrough());
        settings.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
        return settings;
    }

    /** Every key of the scaler's own, for documentation checks. */
    public static Set<String> ownKeys() {
        return DEFINITION.names();
    }
}
