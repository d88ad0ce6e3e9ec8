package io.queueflower.bench.report;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs one JMH benchmark class from a main method, taking JMH's own command-line options (e.g. {@code -prof jfr},
 * {@code -i 5}, {@code -p format=otlp-proto}) after the suite's, and returns the scores by method and parameters.
 */
public final class Jmh {
    private Jmh() {
    }

    /** Score of one benchmark method with its parameters, e.g. key {@code decode|format=otlp-proto}. */
    public record Score(double value, double error, String unit) {
    }

    public static Map<String, Score> run(Class<?> benchmark, String[] jmhArgs) {
        try {
            CommandLineOptions cli = new CommandLineOptions(jmhArgs);
            OptionsBuilder options = new OptionsBuilder();
            options.parent(cli);
            if (cli.getIncludes().isEmpty()) {
                options.include(benchmark.getName().replace("$", "\\$") + "\\.");
            }
            Collection<RunResult> results = new Runner(options.build()).run();
            Map<String, Score> scores = new HashMap<>();
            for (RunResult result : results) {
                String label = result.getParams().getBenchmark();
                String method = label.substring(label.lastIndexOf('.') + 1);
                StringBuilder key = new StringBuilder(method);
                for (String param : result.getParams().getParamsKeys()) {
                    key.append('|').append(param).append('=').append(result.getParams().getParam(param));
                }
                scores.put(key.toString(), new Score(result.getPrimaryResult().getScore(),
                        result.getPrimaryResult().getScoreError(), result.getPrimaryResult().getScoreUnit()));
            }
            return scores;
        } catch (CommandLineOptionException | RunnerException e) {
            throw new IllegalStateException("JMH run of " + benchmark.getSimpleName() + " failed: " + e.getMessage(), e);
        }
    }
}
