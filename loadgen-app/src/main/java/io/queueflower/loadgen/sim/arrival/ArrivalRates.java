package io.queueflower.loadgen.sim.arrival;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal parser of workload specs for the simulator: {@code constant:R}, {@code step:0s=R0,60s=R1,...} (also
 * spelt {@code steps:}; times in s, ms or m) and the path of a CSV file of {@code seconds,rate} rows (optional header,
 * {@code #} comments), read as steps.
 *
 * <p>Stand-in: the HTTP load generator's {@code RatePatterns} parses the same specs plus ramp and sine; at merge this
 * class should give way to it (a RatePattern adapts to {@link ArrivalRate} by method references).
 */
public final class ArrivalRates {
    private ArrivalRates() {
    }

    /** A spec, or else the path of a CSV file. */
    public static ArrivalRate parse(String specOrPath) {
        String spec = specOrPath == null ? "" : specOrPath.trim();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("workload: empty spec; expected constant:R, step:0s=R,60s=R2 or a CSV file");
        }
        if (spec.startsWith("constant:")) {
            return StepArrivalRate.constant(rate(spec.substring("constant:".length()), "constant workload"));
        }
        if (spec.startsWith("step:") || spec.startsWith("steps:")) {
            String body = spec.substring(spec.indexOf(':') + 1);
            List<StepArrivalRate.Step> steps = new ArrayList<>();
            for (String part : body.split(",")) {
                String[] kv = part.split("=", -1);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("step workload: '" + part.trim() + "' is not TIME=RATE (e.g. 60s=40)");
                }
                steps.add(new StepArrivalRate.Step(seconds(kv[0].trim(), "step workload"),
                        rate(kv[1], "step workload at " + kv[0].trim())));
            }
            return wrap(() -> StepArrivalRate.of(steps), "step workload '" + spec + "'");
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("workload '" + spec + "': neither constant:, step: nor a readable CSV file");
        }
        try {
            return csv(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("workload file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code seconds,rate} rows; errors name the source and line. */
    public static ArrivalRate csv(String text, String source) {
        List<StepArrivalRate.Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            String where = source + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\\s*,\\s*");
            if (first && cells.length > 0 && !cells[0].matches("[-+]?[0-9.eE+-]+")) {
                first = false; // header
                continue;
            }
            first = false;
            if (cells.length != 2) {
                throw new IllegalArgumentException(where + ": expected 'seconds,rate', got '" + line + "'");
            }
            double seconds = number(cells[0], where + " seconds");
            double rate = rate(cells[1], where);
            if (steps.isEmpty() && seconds != 0) {
                throw new IllegalArgumentException(where + ": the first row must be at 0 seconds, got " + cells[0]);
            }
            if (!steps.isEmpty() && !(seconds > steps.get(steps.size() - 1).startSeconds())) {
                throw new IllegalArgumentException(where + ": seconds " + cells[0] + " is not after the previous row");
            }
            steps.add(new StepArrivalRate.Step(seconds, rate));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(source + ": no 'seconds,rate' rows");
        }
        return new StepArrivalRate(steps, source);
    }

    private static ArrivalRate wrap(java.util.function.Supplier<ArrivalRate> build, String what) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** A duration such as {@code 90s}, {@code 1500ms}, {@code 5m} or {@code 30} (seconds). */
    public static double parseSeconds(String text, String what) {
        return seconds(text, what);
    }

    static double seconds(String text, String what) {
        String t = text.trim();
        double factor = 1;
        if (t.endsWith("ms")) {
            factor = 0.001;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 60;
            t = t.substring(0, t.length() - 1);
        }
        double value = number(t, what + " time '" + text.trim() + "'");
        if (value < 0) {
            throw new IllegalArgumentException(what + ": time '" + text.trim() + "' is negative");
        }
        return value * factor;
    }

    private static double rate(String text, String what) {
        double value = number(text, what + " rate");
        if (value < 0) {
            throw new IllegalArgumentException(what + ": rate " + text.trim() + " is negative");
        }
        return value;
    }

    private static double number(String text, String what) {
        try {
            double value = Double.parseDouble(text.trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + text.trim() + "' is not a number");
        }
    }
}
