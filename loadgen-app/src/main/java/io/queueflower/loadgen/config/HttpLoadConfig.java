package io.queueflower.loadgen.config;

import io.queueflower.core.workload.RequestMix;
import io.queueflower.platform.config.AppConfig;
import io.queueflower.platform.config.DurationKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The HTTP load generator's configuration ({@code loadgen http}): {@code load.*} keys (environment
 * {@code QF_LOAD_*}); no Kafka keys, it talks only HTTP. Each flag of {@code http} is one of these keys.
 */
public final class HttpLoadConfig extends AppConfig {
    public static final String PREFIX = "load.";
    public static final String URL = "load.url";
    public static final String RATE = "load.rate";
    public static final String PATTERN = "load.pattern";
    public static final String DURATION = "load.duration";
    public static final String WARMUP = "load.warmup";
    public static final String CONNECTIONS = "load.connections";
    public static final String THREADS = "load.threads";
    public static final String MIX = "load.mix";
    public static final String WORKLOAD = "load.workload";
    public static final String TIMEOUT = "load.timeout";
    public static final String JSON = "load.json";
    public static final String SEED = "load.seed";
    public static final String CLIENT = "load.client";
    public static final String QUIET = "load.quiet";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Target, http://host[:port][/prefix]. A path prefixes every hotelReservation request.")
            .define(RATE, Type.DOUBLE, null, Importance.HIGH,
                    "Constant rate, requests per second. Give this or load.pattern.")
            .define(PATTERN, Type.STRING, "", Importance.HIGH,
                    "A changing rate instead of load.rate: step:0s=100,30s=400,2m=250 (piecewise constant, the last"
                            + " step holds), ramp:from=100,to=1000,over=60s, sine:mean=500,amplitude=200,period=60s, or"
                            + " a CSV file of seconds,rate rows (a step per row).")
            .define(DURATION, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, DurationKey.positive(), Importance.HIGH,
                    "Run length, e.g. 30s, 5m.")
            .define(WARMUP, Type.STRING, "0s", DurationKey.nonNegative(), Importance.MEDIUM,
                    "Send the initial rate this long first, unmeasured, so JIT compilation does not show up as"
                            + " latency.")
            .define(CONNECTIONS, Type.INT, 10, Range.atLeast(1), Importance.HIGH,
                    "HTTP/1.1 keep-alive connections, one request in flight each.")
            .define(THREADS, Type.INT, null, Importance.MEDIUM,
                    "I/O threads; empty: the smaller of load.connections and the number of cores.")
            .define(MIX, Type.STRING, "search=0.6,recommend=0.39,login=0.005,reserve=0.005", Importance.MEDIUM,
                    "hotelReservation request probabilities; they must sum to 1, unlisted types get 0.")
            .define(WORKLOAD, Type.STRING, "hotel", ConfigDef.ValidString.in("hotel", "url"), Importance.MEDIUM,
                    "hotel: the hotelReservation mix; url: GET load.url itself every time, as plain wrk does.")
            .define(TIMEOUT, Type.STRING, "5s", DurationKey.positive(), Importance.MEDIUM,
                    "Per-request timeout, connection set-up included.")
            .define(JSON, Type.STRING, "", Importance.MEDIUM, "Also write the results as JSON to this file.")
            .define(SEED, Type.LONG, null, Importance.LOW,
                    "Seed of the request generator; empty: random, printed in the summary.")
            .define(CLIENT, Type.STRING, "netty", ConfigDef.ValidString.in("netty", "jdk"), Importance.LOW,
                    "HTTP client library: netty or jdk (netty chosen by measurement, see benchmarks/loadgen).")
            .define(QUIET, Type.BOOLEAN, false, Importance.LOW, "No per-second progress lines.");

    public HttpLoadConfig(Map<String, String> values) {
        super(DEFINITION, values, new PassThrough(Set.of(), List.of()));
        if (rate().isPresent() == pattern().isPresent()) {
            throw new ConfigException("give exactly one of " + RATE + " (--rate) or " + PATTERN + " (--pattern)");
        }
        rate().ifPresent(r -> {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new ConfigException(RATE, r, "must be a positive number of requests per second");
            }
        });
        threads().ifPresent(t -> {
            if (t < 1) {
                throw new ConfigException(THREADS, t, "must be at least 1");
            }
        });
        url();
        try {
            RequestMix.parse(getString(MIX));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MIX, getString(MIX), e.getMessage());
        }
    }

    public URI url() {
        try {
            return new URI(getString(URL).trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(URL, getString(URL), "not a URL: " + e.getMessage());
        }
    }

    public OptionalDouble rate() {
        Double rate = getDouble(RATE);
        return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }

    public Optional<String> pattern() {
        String pattern = getString(PATTERN).trim();
        return pattern.isEmpty() ? Optional.empty() : Optional.of(pattern);
    }

    public double durationSeconds() {
        return DurationKey.seconds(getString(DURATION), DURATION);
    }

    public double warmupSeconds() {
        return DurationKey.seconds(getString(WARMUP), WARMUP);
    }

    public int connections() {
        return getInt(CONNECTIONS);
    }

    public OptionalInt threads() {
        Integer threads = getInt(THREADS);
        return threads == null ? OptionalInt.empty() : OptionalInt.of(threads);
    }

    public RequestMix mix() {
        return RequestMix.parse(getString(MIX));
    }

    public String workload() {
        return getString(WORKLOAD);
    }

    public double timeoutSeconds() {
        return DurationKey.seconds(getString(TIMEOUT), TIMEOUT);
    }

    public Optional<Path> json() {
        String json = getString(JSON).trim();
        return json.isEmpty() ? Optional.empty() : Optional.of(Path.of(json));
    }

    public OptionalLong seed() {
        Long seed = getLong(SEED);
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    public String client() {
        return getString(CLIENT);
    }

    public boolean quiet() {
        return getBoolean(QUIET);
    }
}
