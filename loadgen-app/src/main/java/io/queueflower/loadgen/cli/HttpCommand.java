package io.queueflower.loadgen.cli;

import io.queueflower.loadgen.http.ClientKind;
import io.queueflower.loadgen.http.HttpTarget;
import io.queueflower.loadgen.http.LoadPlan;
import io.queueflower.loadgen.http.LoadRun;
import io.queueflower.loadgen.http.ReportWriter;
import io.queueflower.loadgen.http.RunReport;
import io.queueflower.loadgen.workload.ConstantRate;
import io.queueflower.loadgen.workload.Durations;
import io.queueflower.loadgen.workload.HotelReservationWorkload;
import io.queueflower.loadgen.workload.PathPrefixWorkload;
import io.queueflower.loadgen.workload.RatePattern;
import io.queueflower.loadgen.workload.RatePatterns;
import io.queueflower.loadgen.workload.RequestMix;
import io.queueflower.loadgen.workload.SingleRequestWorkload;
import io.queueflower.loadgen.workload.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgen http}: wrk2-style constant-throughput (or patterned) HTTP load with corrected latency. */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        description = {
                "Open-loop HTTP/1.1 load at a constant rate or a rate pattern, as wrk2 applies it: requests are sent on "
                        + "schedule whatever the replies do, and latency is measured from each request's intended send "
                        + "time (coordinated-omission corrected) into HdrHistogram.",
                "Default workload: DeathStarBench hotelReservation's mixed workload (search, recommend, login, reserve)."},
        footer = {"", "Examples:",
                "  loadgen http --url http://localhost:5000 --rate 2000 --duration 5m --connections 45 --threads 2 --json run.json",
                "  loadgen http --url http://localhost:5000 --pattern step:0s=500,2m=1500,4m=800 --duration 6m",
                "  loadgen http --url http://localhost:5000 --pattern trace-steps.csv --duration 30m",
                "  loadgen http --url http://127.0.0.1:8080/index.html --workload url --rate 20000 --duration 30s"})
public final class HttpCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "Target, http://host[:port][/prefix]. A path prefixes every hotelReservation request.")
    private URI url;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Rate rate;

    static final class Rate {
        @Option(names = {"--rate", "-R"}, required = true, paramLabel = "R", description = "Constant rate, requests per second.")
        Double constant;

        @Option(names = "--pattern", required = true, paramLabel = "PATTERN", description = {
                "A changing rate instead of --rate:",
                "  step:0s=100,30s=400,2m=250   (piecewise constant, last step holds)",
                "  ramp:from=100,to=1000,over=60s",
                "  sine:mean=500,amplitude=200,period=60s",
                "  FILE   CSV rows 'seconds,rate' (a step per row)"})
        String pattern;
    }

    @Option(names = {"--duration", "-d"}, required = true, paramLabel = "D", description = "Run length, e.g. 30s, 5m.")
    private String duration;

    @Option(names = "--warmup", defaultValue = "0s", paramLabel = "W",
            description = "Send the initial rate for W first, unmeasured, so JIT compilation does not show up as latency "
                    + "(default: ${DEFAULT-VALUE}).")
    private String warmup;

    @Option(names = {"--connections", "-c"}, defaultValue = "10", paramLabel = "C",
            description = "HTTP/1.1 keep-alive connections, one request in flight each (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = {"--threads", "-t"}, paramLabel = "T",
            description = "I/O threads (default: the smaller of C and the number of cores).")
    private Integer threads;

    @Option(names = "--mix", paramLabel = "MIX", defaultValue = "search=0.6,recommend=0.39,login=0.005,reserve=0.005",
            description = "hotelReservation request probabilities (default: ${DEFAULT-VALUE}).")
    private String mix;

    @Option(names = "--workload", paramLabel = "KIND", defaultValue = "hotel",
            description = "hotel: the hotelReservation mix; url: GET the --url itself every time, as plain wrk does "
                    + "(default: ${DEFAULT-VALUE}).")
    private String workload;

    @Option(names = "--timeout", defaultValue = "5s", paramLabel = "T",
            description = "Per-request timeout, connection set-up included (default: ${DEFAULT-VALUE}).")
    private String timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    private Path json;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the request generator (default: random, printed).")
    private Long seed;

    @Option(names = "--client", defaultValue = "netty", paramLabel = "LIB",
            description = "HTTP client library: netty or jdk (default: ${DEFAULT-VALUE}; see benchmarks/loadgen).")
    private String client;

    @Option(names = "--quiet", description = "No per-second progress lines.")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        LoadPlan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        RunReport report;
        try {
            report = LoadRun.execute(plan, (interval, errors, soFar) -> {
                if (!quiet) {
                    out.println(ReportWriter.progressLine(interval, errors, soFar));
                    out.flush();
                }
            });
        } catch (IOException e) {
            spec.commandLine().getErr().println("loadgen http: " + e.getMessage());
            return 1;
        }
        // The summary is written through a PrintStream (HdrHistogram prints its spectrum to one); picocli's writer
        // is what tests capture, so render to a buffer first.
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        ReportWriter.printSummary(report, new PrintStream(summary, true, StandardCharsets.UTF_8));
        out.print(summary.toString(StandardCharsets.UTF_8));
        if (json != null) {
            ReportWriter.writeJson(report, json);
            out.println("JSON written to " + json);
        }
        out.flush();
        return 0;
    }

    LoadPlan plan() throws IOException {
        HttpTarget target = HttpTarget.of(url);
        RatePattern pattern = rate.constant != null ? new ConstantRate(positive(rate.constant)) : RatePatterns.load(rate.pattern);
        double seconds = Durations.parseSeconds(duration, "--duration");
        Duration requestTimeout = Duration.ofNanos(Math.round(Durations.parseSeconds(timeout, "--timeout") * 1e9));
        int ioThreads = threads != null ? threads : Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors()));
        ClientKind clientKind = switch (client) {
            case "netty" -> ClientKind.NETTY;
            case "jdk" -> ClientKind.JDK;
            default -> throw new IllegalArgumentException("--client: expected netty or jdk, got '" + client + "'");
        };
        long runSeed = seed != null ? seed : new SplittableRandom().nextLong();
        List<String> types;
        IntFunction<Workload> perConnection;
        String description;
        switch (workload) {
            case "hotel" -> {
                RequestMix requestMix = RequestMix.parse(mix);
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
            default -> throw new IllegalArgumentException("--workload: expected hotel or url, got '" + workload + "'");
        }
        return new LoadPlan(target, pattern, seconds, Durations.parseSeconds(warmup, "--warmup"), connections, ioThreads, requestTimeout, clientKind, types,
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

    private static double positive(double requestsPerSecond) {
        if (!(requestsPerSecond > 0) || !Double.isFinite(requestsPerSecond)) {
            throw new IllegalArgumentException("--rate: must be a positive number of requests per second, got " + requestsPerSecond);
        }
        return requestsPerSecond;
    }
}
