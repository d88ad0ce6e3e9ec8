package io.queueflower.loadgen.cli;

import io.queueflower.core.workload.ConstantRate;
import io.queueflower.core.workload.HotelReservationWorkload;
import io.queueflower.core.workload.PathPrefixWorkload;
import io.queueflower.core.workload.RatePattern;
import io.queueflower.core.workload.RatePatterns;
import io.queueflower.core.workload.RequestMix;
import io.queueflower.core.workload.SingleRequestWorkload;
import io.queueflower.core.workload.Workload;
import io.queueflower.loadgen.config.HttpLoadConfig;
import io.queueflower.loadgen.http.ClientKind;
import io.queueflower.loadgen.http.EarlyStop;
import io.queueflower.loadgen.http.HttpReportWriter;
import io.queueflower.loadgen.http.HttpTarget;
import io.queueflower.loadgen.http.LoadPlan;
import io.queueflower.loadgen.http.LoadRun;
import io.queueflower.loadgen.http.RunReport;
import io.queueflower.platform.cli.StopSignals;
import io.queueflower.platform.config.ConfigOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loadgen http}: wrk2-style constant-throughput (or patterned) HTTP load with corrected latency. */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        modelTransformer = HttpCommand.Options.class,
        description = {
                "Open-loop HTTP/1.1 load at a constant rate or a rate pattern, as wrk2 applies it: requests are sent on "
                        + "schedule whatever the replies do, and latency is measured from each request's intended send "
                        + "time (coordinated-omission corrected) into HdrHistogram.",
                "Default workload: DeathStarBench hotelReservation's mixed workload (search, recommend, login, reserve).",
                "Configuration: defaults < --config FILE < QF_LOAD_* environment variables (QF_LOAD_RATE sets "
                        + "load.rate) < --set KEY=VALUE < the flags below."},
        footer = {"", "Examples:",
                "  loadgen http --url http://localhost:5000 --rate 2000 --duration 5m --connections 45 --threads 2 --json run.json",
                "  loadgen http --url http://localhost:5000 --pattern step:0s=500,2m=1500,4m=800 --duration 6m",
                "  loadgen http --url http://localhost:5000 --pattern trace-steps.csv --duration 30m",
                "  loadgen http --url http://127.0.0.1:8080/index.html --workload url --rate 20000 --duration 30s"})
public final class HttpCommand implements Callable<Integer> {

    static final ConfigOptions OPTIONS = new ConfigOptions(HttpLoadConfig.DEFINITION, HttpLoadConfig.PREFIX,
            Map.of(HttpLoadConfig.RATE, List.of("-R"), HttpLoadConfig.DURATION, List.of("-d"),
                    HttpLoadConfig.CONNECTIONS, List.of("-c"), HttpLoadConfig.THREADS, List.of("-t")),
            List.of());

    /** Adds the options generated from {@link HttpLoadConfig} to the command (wrk's short names included). */
    public static final class Options implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private HttpLoadConfig config;

    public HttpCommand() {
        this(System.getenv());
    }

    public HttpCommand(Map<String, String> environment) {
        // Only QF_LOAD_* variables: the load generator is often run from a shell set up for the other apps.
        this.environment = ConfigOptions.variablesWithPrefix(environment, HttpLoadConfig.PREFIX);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadPlan plan;
        try {
            config = new HttpLoadConfig(OPTIONS.values(spec.commandLine().getParseResult(), environment));
            plan = plan();
        } catch (ConfigException | IllegalArgumentException e) {
            return OPTIONS.reject(spec.commandLine().getErr(), e.getMessage());
        }
        if (ConfigOptions.printEffective(config, spec.commandLine().getParseResult(), out)) {
            return 0;
        }
        boolean quiet = config.quiet();
        Path json = config.json().orElse(null);
        RunReport report;
        // Ctrl-C or SIGTERM ends the run early and still prints (and writes) its results, as wrk2's Ctrl-C does.
        EarlyStop stop = new EarlyStop();
        try (StopSignals signals = StopSignals.install(stop::request)) {
            report = LoadRun.execute(plan, (interval, errors, soFar) -> {
                if (!quiet) {
                    out.println(HttpReportWriter.progressLine(interval, errors, soFar));
                    out.flush();
                }
            }, stop);
            if (signals.received() != null) {
                out.printf(java.util.Locale.ROOT, "stopped early by %s after %.1f s of the %.0f s planned%n",
                        signals.received(), report.durationSeconds(), plan.durationSeconds());
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("loadgen http: " + e.getMessage());
            return 1;
        }
        // The summary is written through a PrintStream (HdrHistogram prints its spectrum to one); picocli's writer
        // is what tests capture, so render to a buffer first.
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        HttpReportWriter.printSummary(report, new PrintStream(summary, true, StandardCharsets.UTF_8));
        out.print(summary.toString(StandardCharsets.UTF_8));
        if (json != null) {
            HttpReportWriter.writeJson(report, json);
            out.println("JSON written to " + json);
        }
        out.flush();
        return 0;
    }

    LoadPlan plan() throws IOException {
        HttpTarget target = HttpTarget.of(config.url());
        RatePattern pattern = config.rate().isPresent() ? new ConstantRate(config.rate().getAsDouble())
                : RatePatterns.load(config.pattern().orElseThrow());
        double seconds = config.durationSeconds();
        Duration requestTimeout = Duration.ofNanos(Math.round(config.timeoutSeconds() * 1e9));
        int connections = config.connections();
        int ioThreads = config.threads().orElse(Math.max(1, Math.min(connections,
                Runtime.getRuntime().availableProcessors())));
        ClientKind clientKind = config.client().equals("jdk") ? ClientKind.JDK : ClientKind.NETTY;
        long runSeed = config.seed().orElseGet(() -> new SplittableRandom().nextLong());
        List<String> types;
        IntFunction<Workload> perConnection;
        String description;
        switch (config.workload()) {
            case "hotel" -> {
                RequestMix requestMix = config.mix();
                types = new HotelReservationWorkload(requestMix, 0).requestTypes();
                List<SplittableRandom> streams = independentStreams(runSeed, connections);
                perConnection = i -> PathPrefixWorkload.of(target.pathPrefix(), new HotelReservationWorkload(requestMix, streams.get(i)));
                description = "hotel(" + requestMix + ")";
            }
            case "url" -> {
                String path = target.ownPathAndQuery();
                types = List.of(SingleRequestWorkload.TYPE);
                perConnection = i -> new SingleRequestWorkload(path);
                description = "url(GET " + path + ")";
            }
            default -> throw new IllegalStateException("load.workload was validated: " + config.workload());
        }
        return new LoadPlan(target, pattern, seconds, config.warmupSeconds(), connections, ioThreads, requestTimeout, clientKind, types,
                perConnection, description, runSeed);
    }

    /** One generator per connection, split from the run's seed so the whole run repeats for the same seed and C. */
    private static List<SplittableRandom> independentStreams(long seed, int count) {
        SplittableRandom root = new SplittableRandom(seed);
        List<SplittableRandom> streams = new ArrayList<>(Math.max(0, count));
        for (int i = 0; i < count; i++) {
            streams.add(root.split());
        }
        return streams;
    }
}
