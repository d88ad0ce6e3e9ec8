package io.queueflower.system.demo;

import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.workload.RatePattern;
import io.queueflower.core.workload.RatePatterns;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.platform.cli.StopSignals;
import io.queueflower.platform.config.ConfigOptions;
import io.queueflower.schemas.Topics;
import io.queueflower.simulator.cluster.RealTimeDriver;
import io.queueflower.simulator.cluster.SimulatedDeployments;
import io.queueflower.simulator.engine.Simulation;
import io.queueflower.simulator.engine.SimulationSettings;
import io.queueflower.simulator.export.KafkaTraceSink;
import io.queueflower.simulator.export.TraceEncoder;
import io.queueflower.simulator.follow.KafkaDecisionFollower;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ModelLoader;
import io.queueflower.streams.app.StreamsApp;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.system.demo.DemoConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code demo}: the whole system in one JVM with no infrastructure — an embedded Kafka broker, an in-process schema
 * registry, the streams app, the scaler driving the simulated hotelReservation cluster, and the simulator sending
 * spans in real time (sped up) — all wired through real Kafka topics; ends with a summary and an HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        modelTransformer = DemoCommand.Options.class,
        description = {"Run QueueFlower end to end in this JVM: embedded Kafka (KRaft), mock schema registry, the "
                + "streams app, the scaler on a simulated hotelReservation cluster, and the simulator as load, "
                + "all through real Kafka topics. Prints a table per closed window and writes an HTML report.",
                "Defaults: the streams app's (balanced QueueFlower, 30 s windows, base 1 replica per service plus "
                        + "the free pool that keeps the model's 24 pods); --variant prop-sla2 shows the paper's "
                        + "controller on the same load. Results: benchmarks/experiments/README.md."})
public final class DemoCommand implements Callable<Integer> {
    static final String NAMESPACE = "hotel";
    /** The streams app's window and grace: the demo runs its defaults. */
    static final long WINDOW_MS = (Long) StreamsAppConfig.DEFINITION.defaultValues().get(StreamsAppConfig.WINDOW_SIZE_MS);
    static final long GRACE_MS = (Long) StreamsAppConfig.DEFINITION.defaultValues().get(StreamsAppConfig.WINDOW_GRACE_MS);
    static final long TRACE_IDLE_MS = 5_000;

    static final ConfigOptions OPTIONS = new ConfigOptions(DemoConfig.DEFINITION, DemoConfig.PREFIX);

    /** Adds the options generated from {@link DemoConfig} to the command. */
    public static final class Options implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    private final Map<String, String> environment;
    private DemoConfig config;

    public DemoCommand() {
        this(System.getenv());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    public DemoCommand(Map<String, String> environment) {
        // Only QF_DEMO_* variables: the demo brings its own broker and registry, so a shell's QF_BOOTSTRAP_SERVERS
        // (set for the streams app) is not for it and must not make it fail.
        this.environment = ConfigOptions.variablesWithPrefix(environment, DemoConfig.PREFIX);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Decisions applied and replica changes of the last run, for tests. */
    DemoRecord lastRecord;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            config = new DemoConfig(OPTIONS.values(spec.commandLine().getParseResult(), environment));
        } catch (ConfigException e) {
            return OPTIONS.reject(spec.commandLine().getErr(), e.getMessage());
        }
        if (ConfigOptions.printEffective(config, spec.commandLine().getParseResult(), out)) {
            return 0;
        }
        double wallSeconds = config.durationSeconds();
        Path model = config.model().orElse(null);
        Path report = config.report();
        AppModel app = model == null ? ModelLoader.defaultModel() : ModelLoader.load(model);
        double simulatedSeconds = wallSeconds * config.speedup();
        RatePattern rate = rate(simulatedSeconds);
        int initialPods = app.initialReplicas().values().stream().mapToInt(Integer::intValue).sum();
        int free = config.freePods()
                .orElse(Math.max(0, initialPods - config.baseReplicas() * app.services().size()));
        quietLogs();

        long startedNanos = System.nanoTime();
        Path temp = Files.createTempDirectory("queueflower-demo");
        Runner runner = new Runner(out, app, rate, free, simulatedSeconds, temp);
        stopper = () -> runner.stopRequested = true;
        try (StopSignals signals = StopSignals.install(this::requestStop)) {
            runner.run();
            double elapsed = (System.nanoTime() - startedNanos) / 1e9;
            List<String> settings = List.of(
                    "model: " + (model == null ? "shipped hotelReservation" : model.toString()) + ", "
                            + app.services().size() + " services, " + initialPods + " pods at start",
                    "workload: " + config.workload() + " (" + rate.spec() + ")",
                    // the estimator is a knob of the paper's variants only; the balanced one always uses Little's law
                    "algorithm: " + config.algorithm() + ", variant " + config.variant()
                            + (config.variant().equals("balanced") ? " (queues by Little's law)"
                            : ", estimator " + config.estimator())
                            + ", base replicas " + config.baseReplicas() + ", free pool " + free,
                    String.format(Locale.ROOT, "windows %d s (grace %d s) of simulated time; speed-up %.1f×",
                            WINDOW_MS / 1000, GRACE_MS / 1000, config.speedup()),
                    runner.interrupted ? "stopped early (" + (signals.received() == null ? "stop requested"
                            : signals.received()) + ")" : "ran to the end");
            DemoRecord record = runner.record;
            lastRecord = record;
            DemoReport.write(report, "queueflower demo " + String.join(" ",
                            spec.commandLine().getParseResult().originalArgs()), settings, record,
                    runner.simulatedEnd, elapsed);
            summary(out, record, runner, elapsed);
            out.println("report: " + report.toAbsolutePath().normalize());
            out.flush();
            return 0;
        } finally {
            deleteRecursively(temp);
        }
    }

    private volatile Runnable stopper;

    /** Ends the run early, as Ctrl-C does: everything is shut down in order and the report still written. */
    void requestStop() {
        Runnable stop = stopper;
        if (stop != null) {
            stop.run();
        }
    }

    /** One run: starts everything, paces the simulation, and shuts everything down in reverse order. */
    private final class Runner {
        final PrintWriter out;
        final AppModel app;
        final RatePattern rate;
        final int free;
        final double simulatedSeconds;
        final Path temp;
        volatile boolean stopRequested;
        boolean interrupted;
        double simulatedEnd;
        long requests;
        long spanRecords;
        DemoRecord record;

        Runner(PrintWriter out, AppModel app, RatePattern rate, int free, double simulatedSeconds, Path temp) {
            this.out = out;
            this.app = app;
            this.rate = rate;
            this.free = free;
            this.simulatedSeconds = simulatedSeconds;
            this.temp = temp;
        }

        void run() throws Exception {
            out.printf(Locale.ROOT, "demo: starting an embedded Kafka broker...%n");
            out.flush();
            // Span timestamps run ahead of the wall clock by the speed-up; the broker's default (1 h) would reject
            // the records of longer or faster runs as too far in the future.
            try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(
                    Map.of("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE)))) {
                String registry = "mock://demo";
                Topics topics = Topics.create(Map.of("schema.registry.url", registry));
                // One partition per topic keeps span order on the demo's single broker.
                kafka.createTopics(topics.newTopics(1, (short) 1));
                out.printf(Locale.ROOT, "demo: broker %s, topics %s%n", kafka.bootstrapServers(),
                        topics.all().stream().map(Topics.Topic::name).collect(Collectors.joining(", ")));

                long epochMs = System.currentTimeMillis();
                record = new DemoRecord(app, WINDOW_MS, epochMs);
                SimulationSettings options = SimulationSettings.defaults(config.seed()).withEpochStartMicros(epochMs * 1000)
                        .withActuationDelay(20).withStopArrivalsAt(simulatedSeconds);
                TraceEncoder encoder = new TraceEncoder(TraceEncoder.parseFormat("otlp-proto"), NAMESPACE);
                try (KafkaTraceSink sink = new KafkaTraceSink(kafka.bootstrapServers(), topics.input.name(), encoder,
                        Map.of())) {
                    Simulation simulation = new Simulation(app, rate, options, request -> {
                        record.completed(request);
                        try {
                            sink.accept(request.spans());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    SimulatedDeployments cluster = new SimulatedDeployments(simulation, NAMESPACE,
                            DeploymentNames.identity());
                    record.replicas(0, simulation.replicas());
                    Map<String, Object> consumer = Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "queueflower-demo-scaler",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                    Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5);
                    try (KafkaDecisionFollower scaler = new KafkaDecisionFollower(consumer, producer, topics, cluster, true,
                            new DemoWindowTable(cluster, record, out))) {
                        scaler.publishReplicas();
                        Thread scalerThread = new Thread(scaler, "queueflower-demo-scaler");
                        try (StreamsApp streams = StreamsApp.start(new StreamsAppConfig(streamsSettings(
                                kafka.bootstrapServers(), registry)))) {
                            scalerThread.start();
                            awaitRunning(streams);
                            out.printf(Locale.ROOT, "demo: streams app running; simulating %.0f s of %s in %.0f s "
                                    + "(speed-up %.1f×), %s%n", simulatedSeconds, app.name(),
                                    simulatedSeconds / config.speedup(), config.speedup(), rate.spec());
                            out.flush();
                            pace(cluster, sink);
                            awaitLastWindow(scaler, epochMs);
                            out.println("demo: stopping the streams app, the scaler and the broker...");
                            out.flush();
                        } finally {
                            scaler.stop();
                            scalerThread.join(10_000);
                        }
                    }
                    spanRecords = sink.records();
                }
            }
        }

        private Map<String, String> streamsSettings(String bootstrap, String registry) throws IOException {
            Map<String, String> s = new HashMap<>();
            s.put("bootstrap.servers", bootstrap);
            s.put(StreamsAppConfig.SCHEMA_REGISTRY_URL, registry);
            s.put("application.id", "queueflower-demo");
            s.put("state.dir", temp.resolve("streams-state").toString());
            s.put(StreamsAppConfig.STATE_STORES, "in-memory");
            s.put(StreamsAppConfig.HTTP_PORT, "0");
            s.put(StreamsAppConfig.HTTP_HOST, "127.0.0.1");
            s.put("main.consumer.session.timeout.ms", "6000");
            s.put("commit.interval.ms", "100");
            // At-least-once, not the app's exactly-once default: every commit of exactly-once is a transaction,
            // ten a second here, which on a small shared machine made the in-process broker fall behind and, under
            // that load, reject the streams producer's retried batches (OUT_OF_ORDER_SEQUENCE_NUMBER with
            // transactions v2) until it stalled. Nothing fails over in the demo, so at-least-once loses nothing.
            s.put("processing.guarantee", "at_least_once");
            s.put(StreamsAppConfig.WINDOW_SIZE_MS, Long.toString(WINDOW_MS));
            s.put(StreamsAppConfig.WINDOW_GRACE_MS, Long.toString(GRACE_MS));
            // No idle close: event time here is simulated, --speedup times faster than the wall clock, so a
            // wall-clock silence says nothing about it. With the built-in workloads it could only be this process
            // stalling on a busy machine, and closing windows then would make the traces still on their way late.
            // The run's last window is awaited by awaitLastWindow instead.
            s.put(StreamsAppConfig.WINDOW_IDLE_CLOSE_MS, "0");
            s.put(StreamsAppConfig.TRACE_IDLE_MS, Long.toString(TRACE_IDLE_MS));
            s.put(StreamsAppConfig.TARGET_NAMESPACE, NAMESPACE);
            s.put(StreamsAppConfig.ALGORITHM, config.algorithm());
            s.put(StreamsAppConfig.VARIANT, config.variant());
            s.put(StreamsAppConfig.ESTIMATOR, config.estimator());
            s.put(StreamsAppConfig.BASE_REPLICAS, Integer.toString(config.baseReplicas()));
            s.put(StreamsAppConfig.FREE_PODS, Integer.toString(free));
            s.put(StreamsAppConfig.SLA_AVG_FILE, slaFile("sla-avg.csv", app.slaTable(false)).toString());
            s.put(StreamsAppConfig.SLA_TAIL_FILE, slaFile("sla-tail.csv", app.slaTable(true)).toString());
            return s;
        }

        /** The model's SLAs in the streams app's CSV shape (service rows, flow columns, empty = no SLA). */
        private Path slaFile(String name, SortedMap<String, SortedMap<String, Double>> table) throws IOException {
            TreeSet<String> flows = new TreeSet<>();
            table.values().forEach(row -> flows.addAll(row.keySet()));
            StringBuilder csv = new StringBuilder("service");
            flows.forEach(f -> csv.append(",\"").append(f.replace("\"", "\"\"")).append('"'));
            csv.append('\n');
            table.forEach((service, row) -> {
                csv.append(service);
                flows.forEach(f -> csv.append(',').append(row.containsKey(f) ? row.get(f).toString() : ""));
                csv.append('\n');
            });
            Path file = temp.resolve(name);
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            return file;
        }

        /**
         * The pipeline runs some seconds behind the simulator on a small machine; wait (at most 30 s, less when
         * interrupted) until the decision of the last window the spans sent can close has been applied.
         */
        private void awaitLastWindow(KafkaDecisionFollower scaler, long epochMs) throws InterruptedException {
            long streamTimeMs = epochMs + Math.round(simulatedEnd * 1000);
            // A window closes once stream time passes its end + grace; traces complete up to trace.idle.ms later.
            long lastEnd = Math.floorDiv(streamTimeMs - GRACE_MS - TRACE_IDLE_MS, WINDOW_MS) * WINDOW_MS;
            if (lastEnd <= epochMs) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(interrupted ? 5 : 30);
            if (scaler.lastWindowEnd() < lastEnd) {
                out.println("demo: waiting for the pipeline to decide the last closed window...");
                out.flush();
            }
            while (scaler.lastWindowEnd() < lastEnd && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        private void awaitRunning(StreamsApp streams) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (streams.streams().state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline || !streams.streams().state().isRunningOrRebalancing()
                        && streams.streams().state() != org.apache.kafka.streams.KafkaStreams.State.CREATED) {
                    throw new IllegalStateException("the streams app did not reach RUNNING (state "
                            + streams.streams().state() + ")");
                }
                Thread.sleep(100);
            }
        }

        /**
         * Simulated time = wall time since start × speed-up, advanced in small steps under the cluster's lock so the
         * scaler can change replicas in between (as the simulate command's real-time mode does), with a progress
         * line every 5 s; stops early when asked (Ctrl-C).
         */
        private void pace(SimulatedDeployments cluster, KafkaTraceSink sink) throws InterruptedException {
            long start = System.nanoTime();
            long[] nextProgress = {start + TimeUnit.SECONDS.toNanos(5)};
            // The simulator's own wall-clock pacing; the demo only adds its progress line.
            double reached = RealTimeDriver.run(cluster, simulatedSeconds, config.speedup(), () -> stopRequested,
                    target -> {
                        long now = System.nanoTime();
                        if (now < nextProgress[0]) {
                            return;
                        }
                        nextProgress[0] += TimeUnit.SECONDS.toNanos(5);
                        long completed;
                        synchronized (cluster) {
                            completed = cluster.simulation().requestsCompleted();
                        }
                        out.printf(Locale.ROOT, "demo: %3.0f s, simulated %4.0f/%.0f s, %d requests, %d span "
                                        + "records, %d decisions applied, %d replica changes%n", (now - start) / 1e9,
                                target, simulatedSeconds, completed, sink.records(), record.decisionsApplied(),
                                record.scaleActions());
                        out.flush();
                    });
            if (stopRequested && reached < simulatedSeconds) {
                interrupted = true;
                out.printf(Locale.ROOT, "%ndemo: interrupted at simulated %.0f s; shutting down%n", reached);
                out.flush();
            }
            simulatedEnd = reached;
            synchronized (cluster) {
                requests = cluster.simulation().requestsCompleted();
            }
        }
    }

    private RatePattern rate(double simulatedSeconds) throws IOException {
        String spec = switch (config.workload()) {
            case "stationary" -> "constant:50";
            // Thirds of the run: light, heavy, medium. The heavy third pushes the bottleneck services past what
            // the even start allocation serves, so the free pool visibly moves towards them and back.
            case "nonstationary" -> String.format(Locale.ROOT, "step:0s=30,%.0fs=60,%.0fs=35",
                    simulatedSeconds / 3, 2 * simulatedSeconds / 3);
            default -> config.workload();
        };
        try {
            return RatePatterns.load(spec);
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandLine.ParameterException(spec(), DemoConfig.WORKLOAD + " (--workload) '" + config.workload()
                    + "': not stationary, nonstationary, a rate spec or a readable CSV file: " + e.getMessage());
        }
    }

    private CommandLine spec() {
        return spec.commandLine();
    }

    private void summary(PrintWriter out, DemoRecord record, Runner runner, double elapsed) {
        out.printf(Locale.ROOT, "%n== summary: %.0f s simulated in %.0f s; %d requests, %d span records; "
                        + "%d decisions applied, %d replica changes ==%n", runner.simulatedEnd, elapsed,
                runner.requests, runner.spanRecords, record.decisionsApplied(), record.scaleActions());
        Map<String, Double> sla = record.tailSlaMs();
        out.printf(Locale.ROOT, "  %-34s %8s %8s %8s %8s %14s%n", "flow", "requests", "p50 ms", "p90 ms", "p99 ms",
                "SLA violations");
        record.totals().forEach((flow, f) -> out.printf(Locale.ROOT, "  %-34s %8d %8.0f %8.0f %8.0f %14s%n", flow,
                f.requests(), f.p50Ms(), f.p90Ms(), f.p99Ms(), sla.containsKey(flow)
                        ? String.format(Locale.ROOT, "%.1f %%", 100.0 * f.violations() / Math.max(1, f.requests()))
                        : "-"));
        List<DemoRecord.ReplicaSample> history = record.replicaHistory();
        if (!history.isEmpty()) {
            out.println("  replicas at start: " + history.get(0).replicas());
            out.println("  replicas at end:   " + history.get(history.size() - 1).replicas());
        }
    }

    /**
     * The demo prints its own progress and tables; the apps' INFO logs (one line per scaled Deployment, Kafka client
     * start-ups) would bury them. QF_LOG_LEVEL still wins when set.
     */
    private static void quietLogs() {
        // The broker warns about every log segment whose records are dated in the future: all of them, by design.
        if (LoggerFactory.getLogger("LogFutureTimestampLogger") instanceof ch.qos.logback.classic.Logger future) {
            future.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        io.queueflower.platform.logging.QuietLogs.appsAtWarn();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
