package io.queueflower.system.demo;

import io.queueflower.platform.config.AppConfig;
import io.queueflower.platform.config.DurationKey;
import io.queueflower.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The demo's configuration ({@code ./queueflower demo}): {@code demo.*} keys (environment
 * {@code QF_DEMO_*}). Everything else — broker, registry, topics, the streams app's windows — the demo sets itself,
 * so no Kafka keys are accepted: there is no external cluster to configure.
 */
public final class DemoConfig extends AppConfig {
    public static final String PREFIX = "demo.";
    public static final String WORKLOAD = "demo.workload";
    public static final String ALGORITHM = "demo.algorithm";
    public static final String VARIANT = "demo.variant";
    public static final String ESTIMATOR = "demo.estimator";
    public static final String BASE_REPLICAS = "demo.base.replicas";
    public static final String FREE_PODS = "demo.free.pods";
    public static final String DURATION = "demo.duration";
    public static final String SPEEDUP = "demo.speedup";
    public static final String MODEL = "demo.model";
    public static final String REPORT = "demo.report";
    public static final String SEED = "demo.seed";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(WORKLOAD, Type.STRING, "nonstationary", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "stationary: 50 requests/s; nonstationary: 30, 60, then 35 requests/s in thirds of the run, so"
                            + " replicas move; or a rate spec (constant:R, step:0s=R0,300s=R1,...,"
                            + " sine:mean=,amplitude=,period=) or a CSV file of seconds,rate rows.")
            // The streams app's own validators, so the demo accepts exactly what the app does.
            .define(ALGORITHM, Type.STRING, "queueflower", streamsValidator(StreamsAppConfig.ALGORITHM),
                    Importance.HIGH, "queueflower, hab, hpa or static.")
            .define(VARIANT, Type.STRING, streamsDefault(StreamsAppConfig.VARIANT),
                    streamsValidator(StreamsAppConfig.VARIANT), Importance.HIGH,
                    "QueueFlower variant, as the streams app's: balanced (its default), or the paper's prop, prop-sla,"
                            + " prop-sla2.")
            .define(ESTIMATOR, Type.STRING, streamsDefault(StreamsAppConfig.ESTIMATOR),
                    streamsValidator(StreamsAppConfig.ESTIMATOR), Importance.MEDIUM,
                    "Estimator of the prop variants, as the streams app's: reference or littles-law.")
            .define(BASE_REPLICAS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                    "QueueFlower base replicas per service, as the streams app's (its minimum per service).")
            .define(FREE_PODS, Type.INT, null, Importance.MEDIUM,
                    "QueueFlower free pool; empty: the model's initial pods minus the base replicas of every"
                            + " service (8 for hotelReservation).")
            .define(DURATION, Type.STRING, "120s", DurationKey.positive(), Importance.HIGH,
                    "Wall-clock run time, e.g. 60s, 2m.")
            .define(SPEEDUP, Type.DOUBLE, 15.0, Range.atLeast(Double.MIN_VALUE), Importance.MEDIUM,
                    "Simulated seconds per wall-clock second; with the streams app's 30 s windows, 15 closes a window"
                            + " every 2 s.")
            .define(MODEL, Type.STRING, "", Importance.MEDIUM,
                    "Application model YAML; empty: the shipped hotelReservation model.")
            .define(REPORT, Type.STRING, "demo-report.html", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Where the HTML report is written.")
            .define(SEED, Type.LONG, 1L, Importance.LOW, "Simulator seed.");

    /** The streams app's default of a key, so the demo runs what users get. */
    private static String streamsDefault(String key) {
        return String.valueOf(StreamsAppConfig.DEFINITION.defaultValues().get(key));
    }

    public DemoConfig(Map<String, String> values) {
        super(DEFINITION, values, new PassThrough(java.util.Set.of(), List.of()));
        if (getInt(FREE_PODS) != null && getInt(FREE_PODS) < 0) {
            throw new org.apache.kafka.common.config.ConfigException(FREE_PODS, getInt(FREE_PODS), "must be >= 0");
        }
    }

    private static ConfigDef.Validator streamsValidator(String key) {
        return StreamsAppConfig.DEFINITION.configKeys().get(key).validator;
    }

    public String workload() {
        return getString(WORKLOAD).trim();
    }

    public String algorithm() {
        return getString(ALGORITHM);
    }

    public String variant() {
        return getString(VARIANT);
    }

    public String estimator() {
        return getString(ESTIMATOR);
    }

    public int baseReplicas() {
        return getInt(BASE_REPLICAS);
    }

    public OptionalInt freePods() {
        Integer free = getInt(FREE_PODS);
        return free == null ? OptionalInt.empty() : OptionalInt.of(free);
    }

    public double durationSeconds() {
        return DurationKey.seconds(getString(DURATION), DURATION);
    }

    public double speedup() {
        return getDouble(SPEEDUP);
    }

    public Optional<Path> model() {
        String model = getString(MODEL).trim();
        return model.isEmpty() ? Optional.empty() : Optional.of(Path.of(model));
    }

    public Path report() {
        return Path.of(getString(REPORT).trim());
    }

    public long seed() {
        return getLong(SEED);
    }
}
