package io.queueflower.streams.replay;

import io.queueflower.avro.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The test oracle: the paper's definitions (streams-app/README.md, "The algorithms") computed straight from decoded
 * spans, written as plainly as possible and without any production estimate or algorithm class, so that replay (the whole topology) can be checked against it
 * value by value. It assumes a well-formed input: one root per trace, every parent present, no duplicate span ids.
 *
 * <p>Each window becomes a map with exactly the keys of a replay line.
 */
final class ReferenceComputation {

    /** The knobs of the definitions; defaults are the app's. */
    record Settings(long windowMs, int freePods, int baseReplicas, int minReplicas, int maxReplicas,
                    double w1, double w2, double w3, String variant, String estimator, boolean clip,
                    Map<String, Map<String, Double>> averageSla, Map<String, Map<String, Double>> tailSla) {

        static Settings defaults() {
            return new Settings(90_000, 16, 1, 1, 100, 0.5, 0.3, 0.2, "prop-sla2", "reference", true, Map.of(),
                    Map.of());
        }

        Settings withSla(Map<String, Map<String, Double>> average, Map<String, Map<String, Double>> tail) {
            return new Settings(windowMs, freePods, baseReplicas, minReplicas, maxReplicas, w1, w2, w3, variant,
                    estimator, clip, average, tail);
        }

        Settings withClip(boolean value) {
            return new Settings(windowMs, freePods, baseReplicas, minReplicas, maxReplicas, w1, w2, w3, variant,
                    estimator, value, averageSla, tailSla);
        }

        Settings withVariant(String value) {
            return new Settings(windowMs, freePods, baseReplicas, minReplicas, maxReplicas, w1, w2, w3, value,
                    estimator, clip, averageSla, tailSla);
        }

        Settings withEstimator(String value) {
            return new Settings(windowMs, freePods, baseReplicas, minReplicas, maxReplicas, w1, w2, w3, variant,
                    value, clip, averageSla, tailSla);
        }

        Settings withPool(long window, int pool, int base) {
            return new Settings(window, pool, base, minReplicas, maxReplicas, w1, w2, w3, variant, estimator, clip,
                    averageSla, tailSla);
        }
    }

    /** One trace as the definitions see it. */
    record Trace(String flow, long startMicros, long endToEndMicros, boolean error, Map<String, Long> exclusiveMicros) {
    }

    private ReferenceComputation() {
    }

    /** Groups spans by trace; flow = root operation; exclusive time = duration − Σ direct children's durations. */
    static List<Trace> traces(List<Span> spans) {
        Map<String, List<Span>> byTrace = new LinkedHashMap<>();
        for (Span span : spans) {
            byTrace.computeIfAbsent(span.getTraceId(), t -> new ArrayList<>()).add(span);
        }
        List<Trace> traces = new ArrayList<>();
        for (List<Span> trace : byTrace.values()) {
            Span root = null;
            for (Span span : trace) {
                if (span.getParentSpanId() == null) {
                    root = span;
                }
            }
            Map<String, Long> exclusive = new TreeMap<>();
            for (Span span : trace) {
                long childTime = 0;
                for (Span other : trace) {
                    if (span.getSpanId().equals(other.getParentSpanId())) {
                        childTime += other.getDurationMicros();
                    }
                }
                exclusive.merge(span.getService(), span.getDurationMicros() - childTime, Long::sum);
            }
            Integer status = root.getStatusCode();
            boolean error = root.getError() || (status != null && (status < 200 || status > 299));
            traces.add(new Trace(root.getOperation(), root.getStartMicros(), root.getDurationMicros(), error,
                    exclusive));
        }
        return traces;
    }

    /** Every window from the first trace's to the last trace's, epoch-aligned by root start. */
    static List<Map<String, Object>> windows(List<Trace> traces, Settings settings) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Trace trace : traces) {
            long start = windowStart(trace, settings);
            first = Math.min(first, start);
            last = Math.max(last, start);
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        for (long start = first; start <= last; start += settings.windowMs()) {
            List<Trace> inWindow = new ArrayList<>();
            for (Trace trace : traces) {
                if (windowStart(trace, settings) == start) {
                    inWindow.add(trace);
                }
            }
            windows.add(window(start, inWindow, settings));
        }
        return windows;
    }

    private static long windowStart(Trace trace, Settings settings) {
        long startMs = trace.startMicros() / 1000;
        return startMs - Math.floorMod(startMs, settings.windowMs());
    }

    private static Map<String, Object> window(long start, List<Trace> traces, Settings settings) {
        double windowSeconds = settings.windowMs() / 1000.0;

        // Flows: end-to-end latency over error-free traces; errors counted apart.
        Map<String, List<Long>> latencies = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (Trace trace : traces) {
            latencies.computeIfAbsent(trace.flow(), f -> new ArrayList<>());
            errors.putIfAbsent(trace.flow(), 0L);
            if (trace.error()) {
                errors.merge(trace.flow(), 1L, Long::sum);
            } else {
                latencies.get(trace.flow()).add(trace.endToEndMicros());
            }
        }
        Map<String, Object> flows = new TreeMap<>();
        for (String flow : latencies.keySet()) {
            List<Long> values = latencies.get(flow);
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("traces", (long) values.size());
            stats.put("meanMs", values.isEmpty() ? 0.0 : mean(values) / 1000);
            stats.put("p90Ms", values.isEmpty() ? 0.0 : pandasQuantile(values, 0.9) / 1000);
            stats.put("p99Ms", values.isEmpty() ? 0.0 : pandasQuantile(values, 0.99) / 1000);
            stats.put("errors", errors.get(flow));
            flows.put(flow, stats);
        }

        // Per (service, flow): the service's exclusive times in the error-free traces of the flow that contain it.
        Map<String, Map<String, List<Long>>> samples = new TreeMap<>();
        for (Trace trace : traces) {
            if (trace.error()) {
                continue;
            }
            trace.exclusiveMicros().forEach((service, micros) -> samples
                    .computeIfAbsent(service, s -> new TreeMap<>())
                    .computeIfAbsent(trace.flow(), f -> new ArrayList<>()).add(micros));
        }
        TreeSet<String> services = new TreeSet<>(samples.keySet());

        Map<String, Map<String, Double>> meanMs = new TreeMap<>(); // q[n][f] of the reference estimator, ms
        Map<String, Map<String, Double>> queues = new TreeMap<>(); // q[n][f] of the configured estimator
        Map<String, Map<String, Double>> tail = new TreeMap<>();   // t[n][f], ms
        for (String service : services) {
            meanMs.put(service, new TreeMap<>());
            queues.put(service, new TreeMap<>());
            tail.put(service, new TreeMap<>());
            for (Map.Entry<String, List<Long>> e : samples.get(service).entrySet()) {
                List<Long> values = e.getValue();
                double mean = mean(values) / 1000;
                meanMs.get(service).put(e.getKey(), mean);
                if (settings.estimator().equals("littles-law")) {
                    double arrivalsPerSecond = values.size() / windowSeconds;
                    queues.get(service).put(e.getKey(), arrivalsPerSecond * (mean / 1000));
                } else {
                    queues.get(service).put(e.getKey(), mean);
                }
                tail.get(service).put(e.getKey(), tailMean(values) / 1000);
            }
        }

        Map<String, Double> serviceQueue = new TreeMap<>();
        for (String service : services) {
            double sum = 0;
            for (double q : queues.get(service).values()) {
                sum += q;
            }
            serviceQueue.put(service, sum);
        }

        // Violations compare latencies with SLAs, so they use the millisecond estimates whatever the estimator.
        Map<String, Double> avgViolation = violations(meanMs, settings.averageSla(), settings.clip());
        Map<String, Double> tailViolation = violations(tail, settings.tailSla(), settings.clip());

        double w1 = settings.w1();
        double w2 = settings.w2();
        double w3 = settings.w3();
        if (settings.variant().equals("prop")) {
            w1 = 1;
            w2 = 0;
            w3 = 0;
        } else if (settings.variant().equals("prop-sla")) {
            w3 = 0;
        }
        double queueTotal = sum(serviceQueue);
        double avgTotal = sum(avgViolation);
        double tailTotal = sum(tailViolation);
        Map<String, Double> blocking = new TreeMap<>();
        for (String service : services) {
            double b = 0;
            if (queueTotal > 0) {
                b += w1 * serviceQueue.get(service) / queueTotal;
            }
            if (avgTotal > 0) {
                b += w2 * avgViolation.get(service) / avgTotal;
            }
            if (tailTotal > 0) {
                b += w3 * tailViolation.get(service) / tailTotal;
            }
            blocking.put(service, b);
        }

        Map<String, Object> window = new LinkedHashMap<>();
        window.put("windowStart", start);
        window.put("windowEnd", start + settings.windowMs());
        window.put("flows", flows);
        window.put("queues", queues);
        window.put("serviceQueue", serviceQueue);
        window.put("tail", tail);
        window.put("avgViolation", avgViolation);
        window.put("tailViolation", tailViolation);
        window.put("blocking", blocking);
        window.put("replicas", largestRemainder(blocking, settings));
        window.put("algorithm", "queueflower");
        window.put("variant", settings.variant());
        window.put("estimator", settings.estimator());
        return window;
    }

    /**
     * vio[n] = Σ_f (Σ_m x[m][f] − SLA[n][f]) over the flows n appears in that have an SLA for n; with clip each term
     * counts at least 0.
     */
    private static Map<String, Double> violations(Map<String, Map<String, Double>> estimates,
                                                  Map<String, Map<String, Double>> sla, boolean clip) {
        Map<String, Double> flowTotal = new TreeMap<>();
        estimates.values().forEach(byFlow -> byFlow.forEach((flow, x) -> flowTotal.merge(flow, x, Double::sum)));
        Map<String, Double> violation = new TreeMap<>();
        for (String service : estimates.keySet()) {
            double sum = 0;
            for (String flow : estimates.get(service).keySet()) {
                Double limit = sla.getOrDefault(service, Map.of()).get(flow);
                if (limit != null) {
                    double v = flowTotal.get(flow) - limit;
                    sum += clip ? Math.max(0, v) : v;
                }
            }
            violation.put(service, sum);
        }
        return violation;
    }

    /**
     * base + floor(F·b/Σb) + one leftover pod each by larger fractional part, then larger b, then name; negative b
     * counts as 0; Σb = 0 leaves every service at the base; then the min/max clamps.
     */
    private static Map<String, Integer> largestRemainder(Map<String, Double> blocking, Settings settings) {
        double total = 0;
        for (double b : blocking.values()) {
            total += Math.max(0, b);
        }
        Map<String, Integer> replicas = new TreeMap<>();
        if (total <= 0) {
            blocking.keySet().forEach(s -> replicas.put(s, clamp(settings.baseReplicas(), settings)));
            return replicas;
        }
        Map<String, Integer> shares = new TreeMap<>();
        Map<String, Double> fractions = new TreeMap<>();
        int given = 0;
        for (String service : blocking.keySet()) {
            double exact = settings.freePods() * Math.max(0, blocking.get(service)) / total;
            int floor = (int) Math.floor(exact);
            shares.put(service, floor);
            fractions.put(service, exact - floor);
            given += floor;
        }
        List<String> order = new ArrayList<>();
        for (String service : blocking.keySet()) {
            if (blocking.get(service) > 0) {
                order.add(service);
            }
        }
        order.sort((a, b) -> {
            int byFraction = Double.compare(fractions.get(b), fractions.get(a));
            if (byFraction != 0) {
                return byFraction;
            }
            int byWeight = Double.compare(blocking.get(b), blocking.get(a));
            return byWeight != 0 ? byWeight : a.compareTo(b);
        });
        for (int i = 0; i < settings.freePods() - given; i++) {
            shares.merge(order.get(i % order.size()), 1, Integer::sum);
        }
        shares.forEach((service, share) -> replicas.put(service, clamp(settings.baseReplicas() + share, settings)));
        return replicas;
    }

    private static int clamp(int replicas, Settings settings) {
        return Math.max(settings.minReplicas(), Math.min(settings.maxReplicas(), replicas));
    }

    /** pandas Series.quantile(p), interpolation='linear'. */
    static double pandasQuantile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        double position = (sorted.length - 1) * p;
        int below = (int) Math.floor(position);
        if (below + 1 >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        return sorted[below] + (sorted[below + 1] - sorted[below]) * (position - below);
    }

    /**
     * Mean of the values strictly above their 90th percentile. When none is (one value, or ties at the top) pandas
     * gives NaN; the app documents that it takes the percentile itself then (Quantiles.tailMean), and so does this.
     */
    static double tailMean(List<Long> values) {
        double threshold = pandasQuantile(values, 0.9);
        double sum = 0;
        int count = 0;
        for (long value : values) {
            if (value > threshold) {
                sum += value;
                count++;
            }
        }
        return count == 0 ? threshold : sum / count;
    }

    private static double mean(List<Long> values) {
        double sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum / values.size();
    }

    private static double sum(Map<String, Double> values) {
        double sum = 0;
        for (double value : values.values()) {
            sum += value;
        }
        return sum;
    }
}
