package io.queueflower.system.demo;

import io.queueflower.simulator.experiment.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The demo's HTML report: settings, per-flow summary, and two plots drawn with the experiment report's
 * {@link SvgChart} — end-to-end latency per flow per window, and replicas per service over simulated time.
 */
final class DemoReport {
    private DemoReport() {
    }

    static void write(Path file, String command, List<String> settings, DemoRecord record, double simulatedSeconds,
                      double wallSeconds) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>QueueFlower demo</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:1000px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}</style></head><body>\n")
                .append("<h1>QueueFlower demo</h1>\n<p><code>").append(SvgChart.escape(command)).append("</code></p>\n")
                .append(String.format(Locale.ROOT, "<p>%.0f s simulated in %.0f s wall clock; %d decisions applied, "
                        + "%d replica changes.</p>%n", simulatedSeconds, wallSeconds, record.decisionsApplied(),
                        record.scaleActions()))
                .append("<ul>\n");
        settings.forEach(s -> html.append("<li>").append(SvgChart.escape(s)).append("</li>\n"));
        html.append("</ul>\n<h2>End-to-end latency per flow (all requests, measured at the simulator)</h2>\n<table>")
                .append("<tr><th>flow</th><th>requests</th><th>mean ms</th><th>p50 ms</th><th>p90 ms</th>"
                        + "<th>p99 ms</th><th>tail SLA ms</th><th>SLA violations</th></tr>\n");
        Map<String, Double> sla = record.tailSlaMs();
        record.totals().forEach((flow, f) -> html.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%s</td><td>%s</td></tr>%n",
                SvgChart.escape(flow), f.requests(), f.meanMs(), f.p50Ms(), f.p90Ms(), f.p99Ms(),
                sla.containsKey(flow) ? String.format(Locale.ROOT, "%.0f", sla.get(flow)) : "-",
                sla.containsKey(flow) ? String.format(Locale.ROOT, "%d (%.1f %%)", f.violations(),
                        100.0 * f.violations() / Math.max(1, f.requests())) : "-")));
        html.append("</table>\n<h2>Plots</h2>\n")
                .append(latencyChart(record)).append('\n')
                .append(replicaChart(record, simulatedSeconds)).append('\n')
                .append("<p>Latency: p50 (solid) and p99 (dashed) of the requests that started in each window, "
                        + "plotted at the window's start (the first, partial window at 0). Replicas: desired replicas as the scaler set them.</p>\n")
                .append("</body></html>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static String latencyChart(DemoRecord record) {
        SortedMap<Long, SortedMap<String, DemoRecord.FlowWindow>> windows = record.windows();
        TreeSet<String> flows = new TreeSet<>();
        windows.values().forEach(w -> flows.addAll(w.keySet()));
        List<SvgChart.Series> series = new ArrayList<>();
        int color = 0;
        for (String flow : flows) {
            double[] x = new double[windows.size()];
            double[] p50 = new double[windows.size()];
            double[] p99 = new double[windows.size()];
            int i = 0;
            for (Map.Entry<Long, SortedMap<String, DemoRecord.FlowWindow>> w : windows.entrySet()) {
                DemoRecord.FlowWindow f = w.getValue().get(flow);
                x[i] = Math.max(0, record.simSeconds(w.getKey())) / 60; // the first window began before the run
                p50[i] = f == null ? Double.NaN : f.p50Ms();
                p99[i] = f == null ? Double.NaN : f.p99Ms();
                i++;
            }
            String c = SvgChart.PALETTE[color++ % SvgChart.PALETTE.length];
            series.add(new SvgChart.Series(flow + " p50", x, p50, c, false));
            series.add(new SvgChart.Series(flow + " p99", x, p99, c, true));
        }
        return SvgChart.lines("End-to-end latency per flow", "simulated minutes", "ms", series, true, 960, 380);
    }

    static String replicaChart(DemoRecord record, double simulatedSeconds) {
        List<DemoRecord.ReplicaSample> history = new ArrayList<>(record.replicaHistory());
        if (!history.isEmpty()) { // hold the last counts to the end of the run
            history.add(new DemoRecord.ReplicaSample(Math.max(simulatedSeconds,
                    history.get(history.size() - 1).simSeconds()), history.get(history.size() - 1).replicas()));
        }
        TreeSet<String> services = new TreeSet<>();
        history.forEach(h -> services.addAll(h.replicas().keySet()));
        List<SvgChart.Series> series = new ArrayList<>();
        int color = 0;
        for (String service : services) {
            double[] x = new double[history.size()];
            double[] y = new double[history.size()];
            for (int i = 0; i < history.size(); i++) {
                x[i] = history.get(i).simSeconds() / 60;
                Integer r = history.get(i).replicas().get(service);
                y[i] = r == null ? Double.NaN : r;
            }
            series.add(new SvgChart.Series(service, x, y, SvgChart.PALETTE[color++ % SvgChart.PALETTE.length],
                    false, true));
        }
        return SvgChart.lines("Replicas per service", "simulated minutes", "replicas", series, false, 960, 380);
    }
}
