package io.queueflower.loadgen.sim.cli;

import io.queueflower.loadgen.workload.Durations;
import io.queueflower.loadgen.workload.RatePattern;
import io.queueflower.loadgen.workload.RatePatterns;
import io.queueflower.loadgen.sim.cluster.SimulatedDeployments;
import io.queueflower.loadgen.sim.engine.CompletedRequest;
import io.queueflower.loadgen.sim.engine.Simulation;
import io.queueflower.loadgen.sim.engine.SimulationOptions;
import io.queueflower.loadgen.sim.export.FileTraceSink;
import io.queueflower.loadgen.sim.export.KafkaTraceSink;
import io.queueflower.loadgen.sim.export.TraceRecords;
import io.queueflower.loadgen.sim.export.TraceSink;
import io.queueflower.loadgen.sim.model.AppModel;
import io.queueflower.loadgen.sim.model.ModelLoader;
import io.queueflower.streams.config.DeploymentNames;
import io.queueflower.streams.decode.SpanFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code simulate}: runs the cluster simulator on a model and a workload and writes the spans a traced deployment
 * would send, to a file or a Kafka topic, in any ingest format; as fast as possible (virtual time) or paced by the wall
 * clock (real time, optionally sped up).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a microservice application (a YAML model; default: DeathStarBench hotelReservation) "
                + "under Poisson load and write the spans its Jaeger/OpenTelemetry instrumentation would produce.",
                "Output: --output FILE (framed as the streams app's ingest command reads it) or --kafka-bootstrap "
                        + "with --topic."})
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "Model YAML (default: the shipped hotelReservation model).")
    Path model;

    @Option(names = "--workload", paramLabel = "SPEC", defaultValue = "constant:50",
            description = "Arrival rate: constant:R, step:0s=R0,60s=R1,..., ramp:from=,to=,over=, sine:mean=,amplitude=,period= or a CSV file of seconds,rate rows "
                    + "(default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "60s",
            description = "Simulated time during which requests arrive, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same spans (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", defaultValue = "otlp-proto",
            description = "otlp-proto | otlp-json | jaeger-proto | jaeger-json | jaeger-ui (underscores accepted; default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write spans to this file.")
    Path output;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT,...", description = "Produce spans to Kafka.")
    String bootstrap;

    @Option(names = "--topic", description = "Kafka topic, with --kafka-bootstrap.")
    String topic;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "Extra Kafka producer setting (repeatable).")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = "--mode", defaultValue = "virtual",
            description = "virtual (as fast as possible, timestamps from --epoch-start) or realtime (paced by the wall "
                    + "clock, times --speedup; timestamps from now unless --epoch-start) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--speedup", defaultValue = "1", description = "Real-time mode: simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(names = "--epoch-start", paramLabel = "INSTANT",
            description = "Unix time of simulated time 0, ISO-8601 (default: 2026-01-01T00:00:00Z in virtual mode, now in real time).")
    String epochStart;

    @Option(names = "--replicas", paramLabel = "SERVICE=N", split = ",", description = "Initial replicas, overriding the model's.")
    Map<String, Integer> replicas = new TreeMap<>();

    @Option(names = "--actuation-delay", defaultValue = "0s", description = "Pod start-up time for replicas added later (default: ${DEFAULT-VALUE}).")
    String actuationDelay;

    @Option(names = "--namespace", defaultValue = "default", description = "k8s.namespace.name recorded on spans (default: ${DEFAULT-VALUE}).")
    String namespace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AppModel app = model == null ? ModelLoader.defaultModel() : ModelLoader.load(model);
        RatePattern rate = RatePatterns.load(workload);
        double seconds = positive(Durations.parseSeconds(duration, "--duration"), "--duration");
        boolean realTime = switch (mode.toLowerCase(Locale.ROOT)) {
            case "virtual" -> false;
            case "realtime", "real-time" -> true;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--mode must be virtual or realtime, got '" + mode + "'");
        };
        if (!(speedup > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--speedup must be > 0, got " + speedup);
        }
        if ((output == null) == (bootstrap == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --output FILE or --kafka-bootstrap");
        }
        if (bootstrap != null && (topic == null || topic.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-bootstrap needs --topic");
        }
        SpanFormat spanFormat;
        try {
            spanFormat = TraceRecords.parseFormat(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
        }
        long epochMicros = epochMicros(realTime);
        SimulationOptions options = SimulationOptions.defaults(seed).withEpochStartMicros(epochMicros)
                .withActuationDelay(Durations.parseSeconds(actuationDelay, "--actuation-delay"))
                .withInitialReplicas(replicas).withStopArrivalsAt(seconds);
        TraceRecords records = new TraceRecords(spanFormat, namespace);
        Map<String, long[]> perFlow = new TreeMap<>(); // flow → {requests, errors, Σ latency µs}
        try (TraceSink sink = bootstrap != null
                ? new KafkaTraceSink(bootstrap, topic, records, producerProperties)
                : new FileTraceSink(output, records)) {
            Simulation simulation = new Simulation(app, rate, options, (CompletedRequest request) -> {
                long[] stats = perFlow.computeIfAbsent(request.flow(), f -> new long[3]);
                stats[0]++;
                stats[1] += request.error() ? 1 : 0;
                stats[2] += Math.round(request.latencySeconds() * 1e6);
                try {
                    sink.accept(request.spans());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            SimulatedDeployments cluster = new SimulatedDeployments(simulation, namespace, DeploymentNames.identity());
            if (realTime) {
                RealTimeDriver.run(cluster, seconds, speedup);
            } else {
                simulation.runUntil(seconds);
            }
            simulation.drain();
            out.printf(Locale.ROOT, "simulated %.0f s of %s under %s, seed %d: %d requests, %d %s records to %s%n",
                    seconds, app.name(), rate.spec(), seed, simulation.requestsCompleted(), sink.records(),
                    spanFormat.cliName(), output != null ? output : bootstrap + "/" + topic);
        }
        perFlow.forEach((flow, stats) -> out.printf(Locale.ROOT, "  %-30s %8d requests, mean %.1f ms, %d errors%n",
                flow, stats[0], stats[2] / 1000.0 / stats[0], stats[1]));
        return 0;
    }

    private long epochMicros(boolean realTime) {
        if (epochStart == null) {
            return realTime ? System.currentTimeMillis() * 1000 : SimulationOptions.DEFAULT_EPOCH_MICROS;
        }
        try {
            Instant instant = Instant.parse(epochStart);
            return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epoch-start: '" + epochStart
                    + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    private double positive(double value, String option) {
        if (!(value > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be > 0");
        }
        return value;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
