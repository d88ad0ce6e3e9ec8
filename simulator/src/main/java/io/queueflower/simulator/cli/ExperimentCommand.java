package io.queueflower.simulator.cli;

import io.queueflower.core.time.LateTraces;
import io.queueflower.core.workload.Durations;
import io.queueflower.core.workload.RatePatterns;
import io.queueflower.simulator.experiment.Experiment;
import io.queueflower.simulator.experiment.ExperimentReportWriter;
import io.queueflower.simulator.experiment.ExperimentSettings;
import io.queueflower.simulator.experiment.ExperimentWorkload;
import io.queueflower.simulator.experiment.Policies;
import io.queueflower.simulator.loop.LoopSettings;
import io.queueflower.simulator.model.AppModel;
import io.queueflower.simulator.model.ModelLoader;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.streams.config.StreamsAppConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code experiment}: the closed-loop comparison of scaling policies (QueueFlower as the streams app runs it by
 * default and any other variant, HAB, Kubernetes' HPA, an even static split and the best static allocation found on
 * the simulator) on the same workloads, seeds and pod budget, written as Markdown, HTML (with plots) and JSON.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare scaling policies in closed loop on the simulator (virtual time) and write a report.",
                "Each dynamic policy runs the streams app's own algorithm on the simulated spans every window."})
public final class ExperimentCommand implements Callable<Integer> {
    /** The shipped model's workloads, as benchmarks/experiments/workloads/hotel-reservation.txt lists them. */
    static final List<String> DEFAULT_WORKLOADS = List.of("steady=constant:50@1800s",
            "steps=step:0s=40,630s=65,1260s=35,1890s=55@2520s",
            "wave=sine:mean=40,amplitude=20,period=1200s@2400s",
            "mixshift=/hotels=linear:0s=50,720s=50,960s=10,1560s=10,1800s=50;"
                    + "/recommendations=linear:0s=5,720s=5,960s=60,1560s=60,1800s=5;/user=constant:0.25;"
                    + "/reservation=constant:0.25@2520s",
            "flash=step:0s=12.5,900s=50,1200s=12.5@1800s");

    @Option(names = "--model", paramLabel = "FILE", description = "Model YAML (default: the shipped hotelReservation model).")
    Path model;

    @Option(names = "--workload", paramLabel = "NAME=SPEC@DURATION",
            description = "A workload (repeatable): NAME=SPEC@DURATION with a total rate mixed by the model's weights, e.g. "
                    + "stationary=constant:50@1800s, burst=step:0s=30,600s=80@1200s, mine=rates.csv@3600s, or a rate per "
                    + "flow, e.g. shift=/hotels=step:0s=40,600s=10;/recommendations=step:0s=10,600s=40@1200s (a flow by "
                    + "its name or a unique end of it; unnamed flows get no requests). Default, for the shipped model "
                    + "only: its steady, steps, wave, mixshift and flash "
                    + "(benchmarks/experiments/workloads/hotel-reservation.txt); required with --model.")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3,4,5", description = "Evaluation seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--search-seeds", split = ",", defaultValue = "1001,1002",
            description = "Seeds of the static-best search, disjoint from --seeds (default: ${DEFAULT-VALUE}).")
    List<Long> searchSeeds;

    @Option(names = "--policies", split = ",", paramLabel = "NAME",
            description = "Policies to compare, by report name: queueflower (the streams app's defaults, whatever they "
                    + "resolve to), queueflower/<variant>[/<estimator>] (e.g. queueflower/prop-sla2/reference, the paper's "
                    + "default), hab, hpa (Kubernetes' HPA on measured CPU), hpa-traces (the streams app's hpa algorithm), "
                    + "static-even, static-best (searched; the slowest part). Default: "
                    + "queueflower,queueflower/prop-sla2/reference,queueflower/prop-sla/littles-law,hab,hpa,hpa-traces,"
                    + "static-even,static-best.")
    List<String> policies = new ArrayList<>();

    @Option(names = "--window", description = "Window size (default: the streams app's window.size.ms, 30s).")
    String window;

    @Option(names = "--grace", description = "Window grace; decisions apply at window end + grace (default: the streams "
            + "app's window.grace.ms, 10s).")
    String grace;

    @Option(names = "--late-traces", description = "next-window or drop (default: the streams app's window.late.traces, "
            + "next-window).")
    String lateTraces;

    @Option(names = "--actuation-delay", description = "Pod start-up time (default: the streams app's pod.startup.ms, 20s).")
    String actuationDelay;

    @Option(names = "--warmup", defaultValue = "180s", description = "Requests arriving earlier are not measured (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--total-pods", description = "Pod budget (default: the model's initial replicas summed).")
    Integer totalPods;

    @Option(names = "--base-replicas", defaultValue = "1", description = "QueueFlower's base replicas per service (default: ${DEFAULT-VALUE}).")
    int baseReplicas;

    @Option(names = "--threads", defaultValue = "2", description = "Runs in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--output", defaultValue = "experiment-results",
            description = "Directory for report.md, report.html, results.json, model.yaml, command.txt (default: ${DEFAULT-VALUE}).")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        io.queueflower.platform.logging.QuietLogs.appsAtWarn();
        PrintWriter out = spec.commandLine().getOut();
        AppModel app;
        String modelName;
        String modelText;
        if (model == null) {
            app = ModelLoader.defaultModel();
            modelName = "simulator/src/main/resources" + ModelLoader.DEFAULT_MODEL_RESOURCE;
            modelText = ModelLoader.defaultModelText();
        } else {
            if (workloads.isEmpty()) {
                // the defaults are rates and flow names of the shipped model: on another model they would be an
                // error about /hotels or a load that tells nothing, so ask for the model's own
                throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + " needs at least one "
                        + "--workload: the default workloads are the shipped hotelReservation model's (rates and flow "
                        + "names of that model; see benchmarks/experiments/workloads/ for examples per model)");
            }
            app = ModelLoader.load(model);
            modelName = model.toString();
            modelText = Files.readString(model, StandardCharsets.UTF_8);
        }
        List<ExperimentWorkload> parsed = new ArrayList<>();
        for (String text : workloads.isEmpty() ? DEFAULT_WORKLOADS : workloads) {
            parsed.add(workload(text, app));
        }
        int budget = totalPods != null ? totalPods
                : app.initialReplicas().values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Object> streamsDefaults = StreamsAppConfig.DEFINITION.defaultValues();
        long windowMs = window != null ? Math.round(seconds(window, "--window") * 1000)
                : (Long) streamsDefaults.get(StreamsAppConfig.WINDOW_SIZE_MS);
        long graceMs = grace != null ? Math.round(seconds(grace, "--grace") * 1000)
                : (Long) streamsDefaults.get(StreamsAppConfig.WINDOW_GRACE_MS);
        double delaySeconds = actuationDelay != null ? seconds(actuationDelay, "--actuation-delay")
                : (Long) streamsDefaults.get(StreamsAppConfig.POD_STARTUP_MS) / 1000.0;
        LateTraces late;
        try {
            late = LateTraces.fromConfigName(lateTraces != null ? lateTraces
                    : (String) streamsDefaults.get(StreamsAppConfig.WINDOW_LATE_TRACES));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--late-traces: " + e.getMessage());
        }
        LoopSettings loop = new LoopSettings(windowMs, graceMs, true, "default", DeploymentNames.identity())
                .withLateTraces(late);
        ExperimentSettings settings = new ExperimentSettings(app, loop, delaySeconds, seconds(warmup, "--warmup"),
                budget, baseReplicas);
        Experiment experiment;
        try {
            experiment = new Experiment(settings, policies.isEmpty() ? Policies.DEFAULT : policies, parsed, seeds,
                    searchSeeds, threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--policies: " + e.getMessage());
        }

        long start = System.nanoTime();
        List<Experiment.WorkloadResult> results = experiment.run(line -> {
            out.println(line);
            out.flush();
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        String command = "queueflower experiment " + spec.commandLine().getParseResult().originalArgs().stream()
                .map(ExperimentCommand::quote).collect(Collectors.joining(" "));
        new ExperimentReportWriter(experiment, command.trim(), modelName, modelText, elapsed).write(output, results);
        out.printf("report written to %s (%.0f s)%n", output.resolve("report.md"), elapsed);
        return 0;
    }

    /**
     * {@code NAME=SPEC@DURATION}: SPEC is a total rate mixed by the model's weights, or {@code FLOW=SPEC;FLOW=SPEC}
     * with a rate per flow, FLOW being a flow's name or a unique end of it (e.g. {@code /hotels}).
     */
    private ExperimentWorkload workload(String text, AppModel app) {
        int equals = text.indexOf('=');
        int at = text.lastIndexOf('@');
        if (equals <= 0 || at < equals) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workload '" + text
                    + "' is not NAME=SPEC@DURATION, e.g. stationary=constant:50@1800s");
        }
        String name = text.substring(0, equals);
        String body = text.substring(equals + 1, at);
        try {
            double duration = seconds(text.substring(at + 1), "--workload duration");
            if (!body.contains(";") && !body.startsWith("/") && !body.startsWith("HTTP ")) {
                return new ExperimentWorkload(name, RatePatterns.load(body), duration);
            }
            java.util.TreeMap<String, io.queueflower.core.workload.RatePattern> rates = new java.util.TreeMap<>();
            for (String part : body.split(";")) {
                int split = part.indexOf('=');
                if (split <= 0) {
                    throw new IllegalArgumentException("'" + part + "' is not FLOW=SPEC");
                }
                String key = part.substring(0, split).trim();
                List<String> matches = app.flows().stream().map(f -> f.name())
                        .filter(f -> f.equals(key) || f.endsWith(key)).toList();
                if (matches.size() != 1) {
                    throw new IllegalArgumentException("'" + key + "' names " + (matches.isEmpty() ? "no flow"
                            : "several flows " + matches) + " of the model (flows: "
                            + app.flows().stream().map(f -> f.name()).toList() + ")");
                }
                rates.put(matches.get(0), RatePatterns.load(part.substring(split + 1)));
            }
            return new ExperimentWorkload(name, new io.queueflower.simulator.engine.Arrivals.PerFlow(rates), duration);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workload '" + text + "': " + e.getMessage());
        }
    }

    private double seconds(String text, String option) {
        try {
            return Durations.parseSeconds(text, option);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExperimentCommand()).execute(args));
    }
}
