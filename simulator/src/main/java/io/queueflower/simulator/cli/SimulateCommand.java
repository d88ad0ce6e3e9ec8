package io.queueflower.simulator.cli;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.queueflower.core.workload.RatePattern;
import io.queueflower.core.workload.RatePatterns;
import io.queueflower.platform.cli.StopSignals;
import io.queueflower.platform.config.ConfigOptions;
import io.queueflower.platform.ops.OpsHttpServer;
import io.queueflower.schemas.Topics;
import io.queueflower.simulator.cluster.RealTimeDriver;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.engine.CompletedRequest;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.export.FileTraceSink;
import io.queueflower.simulator.export.KafkaTraceSink;
import io.queueflower.simulator.export.TraceEncoder;
import io.queueflower.simulator.export.TraceSink;
import io.queueflower.simulator.follow.KafkaDecisionFollower;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ModelFormatException;
import io.queueflower.simulator.model.ModelLoader;
import io.queueflower.simulator.ops.SimulatorMetrics;
import io.queueflower.streams.decode.SpanFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code simulate}: runs the cluster simulator on a model and a workload and writes the spans a traced deployment
 * would send, to a file or a Kafka topic, in any ingest format; as fast as possible (virtual time) or paced by the wall
 * clock (real time, optionally sped up, for as long as wanted). In real time it can also be the cluster the scaler
 * drives ({@code sim.follow.decisions}) and serve /health, /ready and /metrics, as it does as compose's load.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        modelTransformer = SimulateCommand.Options.class,
        description = {"Simulate a microservice application (a YAML model; default: DeathStarBench hotelReservation) "
                + "under Poisson load and write the spans its Jaeger/OpenTelemetry instrumentation would produce.",
                "Output: --output FILE (framed as the streams app's ingest command reads it) or --kafka-bootstrap "
                        + "(to --topic).",
                "",
                "Configuration: defaults < --config FILE (.properties or .yaml) < QF_* environment variables "
                        + "(QF_SIM_SPEEDUP sets sim.speedup, QF_BOOTSTRAP_SERVERS sets bootstrap.servers) < --set "
                        + "KEY=VALUE < the flags below. Kafka producer and consumer keys (SASL/SSL included) pass "
                        + "through to the clients."},
        footer = {"", "Endpoints (sim.http.port >= 0): /health, /ready, /metrics (Prometheus).",
                "SIGTERM or Ctrl-C ends a run early: what was simulated is flushed and summarised, exit status 0."})
public final class SimulateCommand implements Callable<Integer> {
    static final ConfigOptions OPTIONS = new ConfigOptions(SimulateConfig.DEFINITION, SimulateConfig.PREFIX, Map.of(),
            List.of(new ConfigOptions.ExtraFlag("--kafka-bootstrap", SimulateConfig.BOOTSTRAP_SERVERS,
                            "Produce spans to this Kafka cluster (host:port,...)."),
                    new ConfigOptions.ExtraFlag("--schema-registry-url", SimulateConfig.SCHEMA_REGISTRY_URL,
                            "Confluent-API schema registry of the Avro decisions, replicas and scale events (with"
                                    + " --follow-decisions); mock://<scope> for an in-process one.")));

    /** Adds the options generated from {@link SimulateConfig} to the command. */
    public static final class Options implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private volatile boolean stopRequested;
    private volatile boolean running;

    public SimulateCommand() {
        this(System.getenv());
    }

    public SimulateCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimulateConfig config;
        AppModel app;
        RatePattern rate;
        try {
            config = new SimulateConfig(OPTIONS.values(spec.commandLine().getParseResult(), environment));
            app = config.model().isPresent() ? ModelLoader.load(config.model().get()) : ModelLoader.defaultModel();
            rate = workload(config);
            for (String service : config.initialReplicas().keySet()) {
                if (!app.services().containsKey(service)) {
                    throw new ConfigException(SimulateConfig.REPLICAS, service, "the model has no service '"
                            + service + "'; it has " + app.services().keySet());
                }
            }
        } catch (ConfigException e) {
            return OPTIONS.reject(err, e.getMessage());
        } catch (ModelFormatException e) {
            err.println("Invalid model: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (ConfigOptions.printEffective(config, spec.commandLine().getParseResult(), out)) {
            return 0;
        }
        try (StopSignals signals = StopSignals.install(this::requestStop)) {
            run(config, app, rate, out);
            if (signals.received() != null) {
                out.println("stopped early by " + signals.received());
            }
        }
        out.flush();
        return 0;
    }

    private static RatePattern workload(SimulateConfig config) {
        try {
            return RatePatterns.load(config.workload());
        } catch (IllegalArgumentException | IOException e) {
            throw new ConfigException(SimulateConfig.WORKLOAD, config.workload(), e.getMessage());
        }
    }

    /** Ends the run where it is, as SIGTERM does; what was simulated is flushed and summarised. */
    public void requestStop() {
        stopRequested = true;
    }

    /** True while spans are being simulated and written: the /ready answer. */
    boolean running() {
        return running;
    }

    private void run(SimulateConfig config, AppModel app, RatePattern rate, PrintWriter out) throws Exception {
        double seconds = config.durationSeconds();
        SpanFormat format = config.format();
        SimulationSettings options = SimulationSettings.defaults(config.seed())
                .withEpochStartMicros(config.epochStartMicros(System.currentTimeMillis() * 1000))
                .withActuationDelay(config.actuationDelaySeconds())
                .withInitialReplicas(config.initialReplicas()).withStopArrivalsAt(seconds);
        TraceEncoder records = new TraceEncoder(format, config.namespace());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimulatorMetrics metrics = new SimulatorMetrics(registry);
        Map<String, long[]> perFlow = new TreeMap<>(); // flow → {requests, errors, Σ latency µs}
        String destination = config.output().map(Object::toString)
                .orElseGet(() -> config.bootstrapServers().orElseThrow() + "/" + config.topic());
        KafkaProducer<byte[], byte[]> producer = config.bootstrapServers().isPresent()
                ? new KafkaProducer<>(config.producerSettings(), new ByteArraySerializer(), new ByteArraySerializer())
                : null;
        if (producer != null) {
            new KafkaClientMetrics(producer).bindTo(registry);
        }
        try (TraceSink sink = producer != null ? new KafkaTraceSink(producer, config.topic(), records)
                : new FileTraceSink(config.output().orElseThrow(), records)) {
            Simulation simulation = new Simulation(app, rate, options, (CompletedRequest request) -> {
                long[] stats = perFlow.computeIfAbsent(request.flow(), f -> new long[3]);
                stats[0]++;
                stats[1] += request.error() ? 1 : 0;
                stats[2] += Math.round(request.latencySeconds() * 1e6);
                metrics.completed(request);
                try {
                    sink.accept(request.spans());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            SimulatedDeployments cluster = new SimulatedDeployments(simulation, config.namespace(),
                    config.deploymentNames());
            metrics.bind(cluster, sink);
            KafkaDecisionFollower follower = config.followDecisions() ? follower(config, cluster) : null;
            Thread followerThread = null;
            if (follower != null) {
                metrics.bind(follower);
                follower.publishReplicas();
                followerThread = new Thread(follower, "qf-simulator-scaler");
                followerThread.start();
            }
            OpsHttpServer endpoints = config.httpPort().map(port -> OpsHttpServer.builder(config.httpHost(), port)
                    .liveness(() -> follower == null || follower.healthy())
                    .readiness(this::running)
                    .metrics(registry)
                    .start()).orElse(null);
            if (endpoints != null) {
                out.printf(Locale.ROOT, "endpoints on %s:%d (/health, /ready, /metrics)%n", config.httpHost(),
                        endpoints.port());
            }
            double reached;
            try {
                running = true;
                Progress progress = new Progress(out, config.progressIntervalSeconds(), seconds, cluster, sink,
                        follower);
                if (config.realTime()) {
                    reached = RealTimeDriver.run(cluster, seconds, config.speedup(), () -> stopRequested,
                            progress::reached);
                } else {
                    reached = runVirtual(cluster, seconds, progress);
                }
                synchronized (cluster) {
                    simulation.stopArrivalsAt(reached);
                    simulation.drain();
                }
            } finally {
                running = false;
                if (follower != null) {
                    follower.stop();
                    followerThread.join(10_000);
                    follower.close();
                }
                if (endpoints != null) {
                    endpoints.close();
                }
            }
            out.printf(Locale.ROOT, "simulated %.0f s of %s under %s, seed %d: %d requests, %d %s records to %s%n",
                    reached, app.name(), rate.spec(), config.seed(), simulation.requestsCompleted(), sink.records(),
                    format.cliName(), destination);
            if (follower != null) {
                out.printf(Locale.ROOT, "followed %d decisions, %d replica changes; replicas at the end: %s%n",
                        follower.decisionsApplied(), follower.scaleActions(), simulation.replicas());
            }
        }
        perFlow.forEach((flow, stats) -> out.printf(Locale.ROOT, "  %-30s %8d requests, mean %.1f ms, %d errors%n",
                flow, stats[0], stats[2] / 1000.0 / stats[0], stats[1]));
    }

    /**
     * Virtual time, in steps so a long run shows progress and can be stopped; each step under the cluster's lock, as
     * the metrics endpoint reads the simulation from another thread.
     */
    private double runVirtual(SimulatedDeployments cluster, double seconds, Progress progress) {
        double step = 10;
        double reached = 0;
        while (reached < seconds && !stopRequested) {
            reached = Math.min(seconds, reached + step);
            cluster.advance(reached);
            progress.reached(reached);
        }
        return reached;
    }

    private static KafkaDecisionFollower follower(SimulateConfig config, SimulatedDeployments cluster) {
        Topics topics = Topics.create(config.topic(), config.serdeSettings());
        return new KafkaDecisionFollower(config.consumerSettings(), config.producerSettings(), topics, cluster, false,
                (decision, reports) -> { });
    }

    /** A progress line every interval of wall-clock time. */
    private static final class Progress {
        private final PrintWriter out;
        private final long intervalNanos;
        private final double until;
        private final SimulatedDeployments cluster;
        private final TraceSink sink;
        private final KafkaDecisionFollower follower;
        private final long start = System.nanoTime();
        private long next;

        Progress(PrintWriter out, double intervalSeconds, double until, SimulatedDeployments cluster, TraceSink sink,
                 KafkaDecisionFollower follower) {
            this.out = out;
            this.intervalNanos = Math.round(intervalSeconds * 1e9);
            this.until = until;
            this.cluster = cluster;
            this.sink = sink;
            this.follower = follower;
            this.next = start + intervalNanos;
        }

        void reached(double simulated) {
            long now = System.nanoTime();
            if (intervalNanos <= 0 || now < next) {
                return;
            }
            next = now + intervalNanos;
            long completed;
            synchronized (cluster) {
                completed = cluster.simulation().requestsCompleted();
            }
            out.printf(Locale.ROOT, "[%6.0f s] simulated %.0f%s s, %d requests, %d span records%s%n",
                    (now - start) / 1e9, simulated, Double.isInfinite(until) ? "" : String.format(Locale.ROOT,
                            "/%.0f", until), completed, sink.records(), follower == null ? ""
                            : String.format(Locale.ROOT, ", %d decisions applied, %d replica changes",
                            follower.decisionsApplied(), follower.scaleActions()));
            out.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
