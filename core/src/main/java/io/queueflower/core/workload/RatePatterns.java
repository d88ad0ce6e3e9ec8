package io.queueflower.core.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rate patterns from the notation shared by the load generator's {@code --pattern} option and the simulator:
 * <pre>
 *   constant:500                                  500 requests/s throughout
 *   step:0s=100,30s=400,2m=250                    piecewise constant; the last step holds
 *   ramp:from=100,to=1000,over=60s                linear, then holds 'to'
 *   linear:0s=100,5m=100,8m=400                   straight between the points, the last rate holds
 *   sine:mean=500,amplitude=200,period=60s        mean + amplitude·sin(2πt/period)
 *   FILE                                          CSV rows "seconds,rate" (a step pattern), e.g. replayed from a trace
 * </pre>
 */
public final class RatePatterns {

    private RatePatterns() {
    }

    /** Parses a built-in spec; a file path is not accepted here (see {@link #load}). */
    public static RatePattern parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("rate pattern: empty spec");
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon).trim();
        String body = colon < 0 ? "" : spec.substring(colon + 1).trim();
        return switch (kind) {
            case "constant" -> new ConstantRate(number(body, "constant", "rate"));
            case "step" -> parseSteps(body);
            case "linear" -> new LinearRate(parsePoints(body, "linear"));
            case "ramp" -> {
                Map<String, String> kv = keyValues(body, "ramp", Set.of("from", "to", "over"));
                yield new RampRate(number(kv.get("from"), "ramp", "from"), number(kv.get("to"), "ramp", "to"),
                        Durations.parseSeconds(kv.get("over"), "ramp 'over'"));
            }
            case "sine" -> {
                Map<String, String> kv = keyValues(body, "sine", Set.of("mean", "amplitude", "period"));
                yield new SineRate(number(kv.get("mean"), "sine", "mean"),
                        number(kv.get("amplitude"), "sine", "amplitude"),
                        Durations.parseSeconds(kv.get("period"), "sine 'period'"));
            }
            default -> throw new IllegalArgumentException("rate pattern '" + spec
                    + "': expected constant:RATE, step:T=RATE,…, linear:T=RATE,…, ramp:from=…,to=…,over=…, sine:mean=…,amplitude=…,period=… or a CSV file");
        };
    }

    /** A built-in spec when it starts with a known kind, otherwise the path of a pattern CSV file. */
    public static RatePattern load(String specOrPath) throws IOException {
        String trimmed = specOrPath == null ? "" : specOrPath.trim();
        for (String kind : List.of("constant:", "step:", "linear:", "ramp:", "sine:")) {
            if (trimmed.startsWith(kind)) {
                return parse(trimmed);
            }
        }
        Path path = Path.of(trimmed);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("rate pattern '" + specOrPath
                    + "': neither a built-in spec (constant:, step:, linear:, ramp:, sine:) nor a readable CSV file");
        }
        return parseCsv(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    }

    /**
     * Parses {@code seconds,rate} rows into a step pattern. Blank lines and {@code #} comments are skipped, and so is a
     * first line that is a header ({@code seconds,rate}). Errors name {@code source} and the line.
     */
    public static StepRate parseCsv(String text, String source) {
        List<StepRate.Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean sawData = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            String where = source + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\\s*,\\s*");
            if (!sawData && cells.length >= 1 && !looksNumeric(cells[0])) {
                sawData = true; // the header row
                continue;
            }
            sawData = true;
            if (cells.length != 2) {
                throw new IllegalArgumentException(where + ": expected 'seconds,rate', got '" + line + "'");
            }
            double seconds = number(cells[0], where, "seconds");
            double rate = number(cells[1], where, "rate");
            if (rate < 0) {
                throw new IllegalArgumentException(where + ": rate " + cells[1] + " is negative");
            }
            if (!steps.isEmpty() && !(seconds > steps.get(steps.size() - 1).startSeconds())) {
                throw new IllegalArgumentException(where + ": seconds " + cells[0]
                        + " is not after the previous row's " + Durations.stripZeros(steps.get(steps.size() - 1).startSeconds()));
            }
            if (steps.isEmpty() && seconds != 0.0) {
                throw new IllegalArgumentException(where + ": the first row must be at 0 seconds, got " + cells[0]);
            }
            steps.add(new StepRate.Step(seconds, rate));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(source + ": no 'seconds,rate' rows");
        }
        return new StepRate(steps);
    }

    private static StepRate parseSteps(String body) {
        return new StepRate(parsePoints(body, "step"));
    }

    private static List<StepRate.Step> parsePoints(String body, String kind) {
        List<StepRate.Step> steps = new ArrayList<>();
        for (String part : body.split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException(kind + " pattern: '" + part.trim()
                        + "' is not TIME=RATE (e.g. 30s=400)");
            }
            double start = Durations.parseSeconds(kv[0].trim(), kind + " pattern time '" + kv[0].trim() + "'");
            steps.add(new StepRate.Step(start, number(kv[1], kind + " pattern", "rate at " + kv[0].trim())));
        }
        return steps;
    }

    private static Map<String, String> keyValues(String body, String kind, Set<String> required) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : body.split(",")) {
            String[] kv = part.split("=", -1);
            String key = kv[0].trim();
            if (kv.length != 2 || !required.contains(key)) {
                throw new IllegalArgumentException(kind + " pattern: '" + part.trim() + "' is not one of "
                        + required.stream().sorted().map(k -> k + "=…").toList());
            }
            if (values.put(key, kv[1].trim()) != null) {
                throw new IllegalArgumentException(kind + " pattern: '" + key + "' given twice");
            }
        }
        for (String key : required) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException(kind + " pattern: missing '" + key + "='");
            }
        }
        return values;
    }

    private static boolean looksNumeric(String cell) {
        return cell.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?");
    }

    private static double number(String text, String where, String what) {
        try {
            double value = Double.parseDouble(text.trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": " + what + " '" + text + "' is not a number");
        }
    }

    static void requireRate(double rate, String what) {
        if (!(rate >= 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException(what + ": must be a finite rate ≥ 0 requests/s, got " + rate);
        }
    }
}
