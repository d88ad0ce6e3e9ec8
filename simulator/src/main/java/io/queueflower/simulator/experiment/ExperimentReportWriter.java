package io.queueflower.simulator.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.queueflower.simulator.model.FlowModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an experiment's results into a directory: {@code report.md}, {@code report.html} (self-contained, inline SVG
 * plots), {@code results.json} (every run), {@code model.yaml} (the exact model) and {@code command.txt}.
 */
public final class ExperimentReportWriter {
    private static final List<String> BASELINES = List.of("hab", "hpa", "hpa-traces", "static-even", "static-best");

    private final ExperimentSettings settings;
    private final Experiment experiment;
    private final String command;
    private final String modelName;
    private final String modelText;
    private final double elapsedSeconds;

    public ExperimentReportWriter(Experiment experiment, String command, String modelName, String modelText,
                        double elapsedSeconds) {
        this.settings = experiment.settings();
        this.experiment = experiment;
        this.command = command;
        this.modelName = modelName;
        this.modelText = modelText;
        this.elapsedSeconds = elapsedSeconds;
    }

    public void write(Path directory, List<Experiment.WorkloadResult> results) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("model.yaml"), modelText, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("command.txt"), command + "\n", StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("report.md"), markdown(results), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("report.html"), html(results), StandardCharsets.UTF_8);
        List<RunResult> runs = new ArrayList<>();
        results.forEach(w -> w.summaries().values().forEach(s -> runs.addAll(s.runs())));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("results.json").toFile(), Map.of("command", command, "runs", runs));
    }

    // ---------------------------------------------------------------- text shared by both formats

    private String settingsLine() {
        return String.format(Locale.ROOT, "windows %d s, grace %d s, actuation delay %.0f s, warm-up %.0f s, budget %d pods"
                        + " (base %d × %d services + free pool %d), evaluation seeds %s, static-search seeds %s, %d threads;"
                        + " %.0f s wall-clock",
                settings.loop().windowSizeMs() / 1000, settings.loop().graceMs() / 1000,
                settings.actuationDelaySeconds(), settings.warmupSeconds(), settings.totalPods(),
                settings.baseReplicas(), settings.model().services().size(), settings.freePool(), experiment.seeds(),
                experiment.searchSeeds(), experiment.threads(), elapsedSeconds)
                + "; late traces " + settings.loop().lateTraces().configName()
                + "; every dynamic decision goes through the scaler's rules (" + settings.loop().scalerRules().describe()
                + ")";
    }

    /** What each policy is, as configured in this experiment. */
    private List<String> policyLines() {
        List<String> lines = new ArrayList<>();
        for (String name : experiment.policies()) {
            if (name.equals("static-best")) {
                lines.add("static-best: the best static allocation of the budget found by measuring allocations on "
                        + "the simulator (search seeds " + experiment.searchSeeds() + ")");
                continue;
            }
            Policy policy = Policies.resolve(name, settings, null);
            lines.add(name + ": " + describe(policy));
        }
        return lines;
    }

    static String describe(Policy policy) {
        if (policy instanceof Policy.StaticPolicy fixed) {
            return "static " + fixed.replicas();
        }
        if (policy instanceof Policy.ClusterHpaPolicy hpa) {
            return String.format(Locale.ROOT, "Kubernetes HPA on measured CPU, target %.0f %%, tolerance %.0f %%, "
                    + "15 s sync, 30 s metric window, 300 s scale-down stabilisation, no budget",
                    100 * hpa.params().targetUtilization(), 100 * hpa.params().tolerance());
        }
        var config = ((Policy.ClosedLoopPolicy) policy).config();
        StringBuilder text = new StringBuilder("streams app algorithm ").append(config.algorithm().configName());
        switch (config.algorithm()) {
            case QUEUEFLOWER -> {
                text.append(", variant ").append(config.variant().configName());
                if (config.variant() == io.queueflower.core.algorithm.Variant.BALANCED) {
                    text.append(" ").append(config.balanced());
                } else {
                    text.append(", estimator ").append(config.estimator().configName())
                            .append(", weights ").append(config.variant().effective(config.weights()));
                }
                text.append(", exclusive time ").append(config.exclusiveTimeMode().configName())
                        .append(", base ").append(config.baseReplicas()).append(" + free pool ")
                        .append(config.freePool());
            }
            case HAB -> text.append(" ").append(config.hab());
            case HPA -> text.append(" ").append(config.hpa()).append(", utilisation from the traces' queues");
            default -> {
            }
        }
        return text.toString();
    }

    private String modelDigest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(modelText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows: policy name → cells. */
    private record Table(List<String> header, List<List<String>> rows) {
    }

    private Table summaryTable(Experiment.WorkloadResult result) {
        PolicySummary best = result.summaries().get("static-best");
        List<List<String>> rows = new ArrayList<>();
        for (PolicySummary s : result.summaries().values()) {
            PolicyComparison.Flapping flapping = PolicyComparison.flapping(s.runs());
            rows.add(List.of(s.policy(), s.all().meanMs().format(1), s.all().p50Ms().format(1),
                    s.all().p90Ms().format(1), s.all().p99Ms().format(1), s.all().slaViolationPercent().format(2),
                    s.podSeconds().format(0), s.scaleActions().format(1),
                    String.format(Locale.ROOT, "%d/%d (%.0f %%)", flapping.flaps(), flapping.moves(),
                            flapping.percent()),
                    best == null ? "" : PolicyComparison.latencyRatio(s.runs(), best.runs()).format(3),
                    best == null ? "" : PolicyComparison.collapses(s.runs(), best.runs()) + " of " + s.runs().size(),
                    MeanWithCi.of(s.runs().stream().mapToDouble(RunResult::saturatedPercent).toArray()).format(1),
                    MeanWithCi.of(s.runs().stream().mapToDouble(r -> r.lateTraces()).toArray()).format(0)));
        }
        return new Table(List.of("policy", "mean ms", "p50 ms", "p90 ms", "p99 ms", "SLA viol. %", "pod-seconds",
                "scale actions", "flaps/moves", "mean / static-best", "collapsed seeds", "saturated service-windows %",
                "late traces"), rows);
    }

    private Table flowTable(Experiment.WorkloadResult result, String flow) {
        List<List<String>> rows = new ArrayList<>();
        for (PolicySummary s : result.summaries().values()) {
            PolicySummary.FlowEstimate f = s.flows().get(flow);
            rows.add(List.of(s.policy(), f.meanMs().format(1), f.p50Ms().format(1), f.p90Ms().format(1),
                    f.p99Ms().format(1), f.slaViolationPercent().format(2)));
        }
        return new Table(List.of("policy", "mean ms", "p50 ms", "p90 ms", "p99 ms", "SLA viol. %"), rows);
    }

    /** QueueFlower variants against each baseline, paired by seed: wins, ties or loses on mean latency and SLA. */
    private Table verdictTable(Experiment.WorkloadResult result) {
        List<String> header = new ArrayList<>(List.of("QueueFlower variant"));
        BASELINES.forEach(b -> header.add("vs " + b));
        List<List<String>> rows = new ArrayList<>();
        for (PolicySummary s : result.summaries().values()) {
            if (!s.policy().startsWith("queueflower")) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(s.policy()));
            for (String baseline : BASELINES) {
                PolicySummary other = result.summaries().get(baseline);
                if (other == null) {
                    row.add("");
                    continue;
                }
                MeanWithCi latency = PolicyComparison.paired(s.runs(), other.runs(), r -> r.all().meanMs(), false);
                MeanWithCi sla = PolicyComparison.paired(s.runs(), other.runs(), r -> r.all().slaViolationPercent(),
                        false);
                row.add(verdict(latency) + " (Δmean " + latency.format(1) + " ms; ΔSLA " + sla.format(2) + " pts)");
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    /**
     * The scaling-quality figures of each QueueFlower policy: against static-best its mean-latency ratio (and the
     * worst seed's), collapsed seeds and flapping; against Kubernetes' HPA, whether HPA spent at least the budget
     * (where only then a p99 comparison is fair to a fixed budget) and the paired p99 difference.
     */
    private Table qualityTable(Experiment.WorkloadResult result) {
        PolicySummary best = result.summaries().get("static-best");
        PolicySummary hpa = result.summaries().get("hpa");
        double budgetPodSeconds = settings.totalPods() * (result.workload().durationSeconds() - settings.warmupSeconds());
        List<List<String>> rows = new ArrayList<>();
        for (PolicySummary s : result.summaries().values()) {
            if (!s.policy().startsWith("queueflower")) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(s.policy()));
            if (best != null) {
                double[] ratios = s.runs().stream().mapToDouble(r -> r.all().meanMs() / best.runs().stream()
                        .filter(b -> b.seed() == r.seed()).findFirst().orElseThrow().all().meanMs()).toArray();
                row.add(PolicyComparison.latencyRatio(s.runs(), best.runs()).format(3));
                row.add(String.format(Locale.ROOT, "%.3f", java.util.Arrays.stream(ratios).max().orElse(0)));
                row.add(PolicyComparison.collapses(s.runs(), best.runs()) + " of " + s.runs().size());
            } else {
                row.addAll(List.of("", "", ""));
            }
            row.add(String.format(Locale.ROOT, "%.1f %%", PolicyComparison.flapping(s.runs()).percent()));
            if (hpa != null) {
                row.add(String.format(Locale.ROOT, "%.2f", hpa.podSeconds().mean() / budgetPodSeconds));
                row.add(PolicyComparison.paired(s.runs(), hpa.runs(), r -> r.all().p99Ms(), false).format(1));
            } else {
                row.addAll(List.of("", ""));
            }
            rows.add(row);
        }
        return new Table(List.of("QueueFlower policy", "mean / static-best", "worst seed", "collapsed seeds",
                "flapping", "hpa pod-seconds / budget", "Δp99 vs hpa ms"), rows);
    }

    private static String verdict(MeanWithCi difference) {
        return switch (PolicyComparison.verdict(difference)) {
            case WINS -> "**wins**";
            case LOSES -> "loses";
            case TIES -> "ties";
        };
    }

    // ---------------------------------------------------------------- Markdown

    String markdown(List<Experiment.WorkloadResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Closed-loop experiment: ").append(settings.model().name()).append("\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append("Model: `").append(modelName).append("` (SHA-256 `").append(modelDigest())
                .append("`, copied to `model.yaml`)\n\n");
        md.append("Settings: ").append(settingsLine()).append(".\n\n");
        md.append("Policies:\n\n");
        policyLines().forEach(line -> md.append("- ").append(line).append("\n"));
        md.append("\n");
        md.append("Every figure is the mean over the evaluation seeds ± the 95 % confidence half-width (Student's t). ")
                .append("Latencies are end to end (the root span), measured on every request that arrived after the ")
                .append("warm-up; SLA violation = a request slower than its flow's tail SLA. 'vs static-best' and the ")
                .append("verdicts pair runs by seed (same arrivals and service times). Plots are in `report.html`.\n\n");
        for (Experiment.WorkloadResult result : results) {
            ExperimentWorkload w = result.workload();
            md.append("## Workload `").append(w.name()).append("`: `").append(w.spec()).append("` for ")
                    .append(String.format(Locale.ROOT, "%.0f s (mean %.1f requests/s)", w.durationSeconds(), w.meanRate()))
                    .append("\n\n");
            md.append("### All requests\n\n").append(markdownTable(summaryTable(result))).append("\n");
            md.append("### QueueFlower against the baselines (mean latency, paired by seed)\n\n")
                    .append(markdownTable(verdictTable(result))).append("\n");
            md.append("### Scaling quality (collapse: a seed above ").append(PolicyComparison.COLLAPSE_FACTOR)
                    .append("× static-best; flapping: moves reversed within ").append(PolicyComparison.FLAP_WINDOWS)
                    .append(" windows)\n\n").append(markdownTable(qualityTable(result))).append("\n");
            for (FlowModel flow : settings.model().flows()) {
                md.append("### Flow `").append(flow.name()).append("`\n\n")
                        .append(markdownTable(flowTable(result, flow.name()))).append("\n");
            }
            if (result.search() == null) {
                continue;
            }
            md.append("### Static-best search\n\n");
            md.append("Allocation ").append(result.search().allocation()).append(String.format(Locale.ROOT,
                    " (%d allocations measured; search seeds' mean %.1f ms).\n\n", result.search().evaluations(),
                    result.search().meanLatencyMs()));
            result.search().log().forEach(line -> md.append("- ").append(line).append("\n"));
            md.append("\n");
        }
        return md.toString();
    }

    private static String markdownTable(Table table) {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", table.header())).append(" |\n");
        md.append("|").append(" --- |".repeat(table.header().size())).append("\n");
        for (List<String> row : table.rows()) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.toString();
    }

    // ---------------------------------------------------------------- HTML

    String html(List<Experiment.WorkloadResult> results) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Closed-loop experiment: ")
                .append(SvgChart.escape(settings.model().name())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;max-width:1400px;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right;font-size:13px}td:first-child,th:first-child{text-align:left}")
                .append("th{background:#f3f3f3}code{background:#f6f6f6;padding:1px 4px;overflow-wrap:anywhere}.charts{display:flex;")
                .append("flex-wrap:wrap;gap:12px}</style></head><body>\n");
        html.append("<h1>Closed-loop experiment: ").append(SvgChart.escape(settings.model().name())).append("</h1>\n");
        html.append("<p>Command: <code>").append(SvgChart.escape(command)).append("</code></p>\n");
        html.append("<p>Model: <code>").append(SvgChart.escape(modelName)).append("</code> (SHA-256 <code>")
                .append(modelDigest()).append("</code>)</p>\n");
        html.append("<p>Settings: ").append(SvgChart.escape(settingsLine())).append(".</p>\n<ul>\n");
        policyLines().forEach(line -> html.append("<li>").append(SvgChart.escape(line)).append("</li>\n"));
        html.append("</ul>\n");
        html.append("<p>Figures: mean over seeds ± 95 % confidence half-width. Latency plots: mean end-to-end latency ")
                .append("of the requests that arrived in each window, averaged over seeds (log scale). Replica plots: ")
                .append("desired replicas at each window start, first seed.</p>\n");
        for (Experiment.WorkloadResult result : results) {
            ExperimentWorkload w = result.workload();
            html.append("<h2>Workload <code>").append(SvgChart.escape(w.name())).append("</code>: <code>")
                    .append(SvgChart.escape(w.spec())).append("</code> for ")
                    .append(String.format(Locale.ROOT, "%.0f s", w.durationSeconds())).append("</h2>\n");
            html.append("<h3>All requests</h3>\n").append(htmlTable(summaryTable(result)));
            html.append("<h3>QueueFlower against the baselines</h3>\n").append(htmlTable(verdictTable(result)));
            html.append("<h3>Scaling quality</h3>\n").append(htmlTable(qualityTable(result)));
            html.append("<div class=\"charts\">\n").append(rateChart(w));
            List<FlowModel> flows = new ArrayList<>(settings.model().flows());
            flows.sort(Comparator.comparingDouble(FlowModel::weight).reversed());
            for (FlowModel flow : flows.subList(0, Math.min(2, flows.size()))) {
                html.append(latencyChart(result, flow.name()));
            }
            html.append("</div>\n<h3>Replicas per service (first seed)</h3>\n<div class=\"charts\">\n");
            for (PolicySummary summary : result.summaries().values()) {
                if (!summary.policy().equals("static-even")) {
                    html.append(replicaChart(summary));
                }
            }
            html.append("</div>\n");
            for (FlowModel flow : settings.model().flows()) {
                html.append("<h3>Flow <code>").append(SvgChart.escape(flow.name())).append("</code></h3>\n")
                        .append(htmlTable(flowTable(result, flow.name())));
            }
            if (result.search() == null) {
                continue;
            }
            html.append("<h3>Static-best search</h3>\n<p>Allocation ")
                    .append(SvgChart.escape(result.search().allocation().toString())).append("</p>\n<ul>\n");
            result.search().log().forEach(line -> html.append("<li>").append(SvgChart.escape(line)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String htmlTable(Table table) {
        StringBuilder html = new StringBuilder("<table><tr>");
        table.header().forEach(h -> html.append("<th>").append(SvgChart.escape(h)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(SvgChart.escape(cell)
                    .replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>")).append("</td>"));
            html.append("</tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    private String rateChart(ExperimentWorkload workload) {
        int points = (int) Math.ceil(workload.durationSeconds() / 10) + 1;
        double[] x = new double[points];
        Map<String, double[]> perFlow = new LinkedHashMap<>();
        settings.model().flows().forEach(f -> perFlow.put(f.name(), new double[points]));
        double[] total = new double[points];
        for (int i = 0; i < points; i++) {
            double t = Math.min(i * 10, workload.durationSeconds() - 1e-9);
            x[i] = Math.min(i * 10, workload.durationSeconds()) / 60;
            int row = i;
            workload.flowRatesAt(settings.model(), t).forEach((flow, rate) -> {
                perFlow.get(flow)[row] = rate;
                total[row] += rate;
            });
        }
        List<SvgChart.Series> series = new ArrayList<>();
        series.add(new SvgChart.Series("total", x, total, "#222222", false, true));
        int color = 0;
        for (Map.Entry<String, double[]> flow : perFlow.entrySet()) {
            series.add(new SvgChart.Series(flow.getKey(), x, flow.getValue(), SvgChart.PALETTE[color++], true, true));
        }
        return SvgChart.lines("Arrival rate", "minutes", "requests/s", series, false, 600, 300);
    }

    private String latencyChart(Experiment.WorkloadResult result, String flow) {
        List<SvgChart.Series> series = new ArrayList<>();
        int color = 0;
        for (PolicySummary summary : result.summaries().values()) {
            List<RunResult> runs = summary.runs();
            int length = runs.get(0).latencyTimeline().get(flow).size();
            double[] x = new double[length];
            double[] y = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = (i + 0.5) * runs.get(0).bucketSeconds() / 60;
                double sum = 0;
                int n = 0;
                for (RunResult run : runs) {
                    double v = run.latencyTimeline().get(flow).get(i);
                    if (Double.isFinite(v)) {
                        sum += v;
                        n++;
                    }
                }
                y[i] = n == 0 ? Double.NaN : sum / n;
            }
            series.add(new SvgChart.Series(summary.policy(), x, y, SvgChart.PALETTE[color % SvgChart.PALETTE.length],
                    summary.policy().startsWith("static") || color >= SvgChart.PALETTE.length));
            color++;
        }
        return SvgChart.lines("Mean latency per window: " + flow, "minutes (window middle)", "ms", series, true, 900, 380);
    }

    private String replicaChart(PolicySummary summary) {
        RunResult run = summary.runs().get(0);
        List<SvgChart.Series> series = new ArrayList<>();
        int color = 0;
        for (Map.Entry<String, List<Integer>> entry : run.replicaTimeline().entrySet()) {
            List<Integer> values = entry.getValue();
            double[] x = new double[values.size() + 1];
            double[] y = new double[values.size() + 1];
            for (int i = 0; i < values.size(); i++) {
                x[i] = i * run.bucketSeconds() / 60;
                y[i] = values.get(i);
            }
            x[values.size()] = values.size() * run.bucketSeconds() / 60; // the last value holds to the end
            y[values.size()] = values.get(values.size() - 1);
            series.add(new SvgChart.Series(entry.getKey(), x, y, SvgChart.PALETTE[color++ % SvgChart.PALETTE.length],
                    false, true));
        }
        return SvgChart.lines(summary.policy() + " (seed " + run.seed() + ")", "minutes", "replicas", series, false,
                480, 270);
    }
}
