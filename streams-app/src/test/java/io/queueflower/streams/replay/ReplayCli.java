package io.queueflower.streams.replay;

import io.queueflower.streams.cli.ReplayCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the replay command as the CLI would, capturing standard error. */
final class ReplayCli {
    record Run(int exit, String stderr) {
    }

    private ReplayCli() {
    }

    /**
     * Runs with the paper's settings in front of the given arguments: the prop-sla2 variant, the reference estimator
     * and exclusive time, late traces dropped, and (unless the arguments set them) 90 s windows with 30 s grace. The
     * tests that check replay against the reference's definitions need them; the defaults are the balanced
     * controller's.
     */
    static Run paper(String... args) {
        List<String> all = new ArrayList<>(paperDefaults(List.of(args)));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /** The paper's settings for every key the given arguments leave out. */
    static List<String> paperDefaults(List<String> given) {
        List<String> prefix = new ArrayList<>();
        if (!given.contains("--variant")) {
            prefix.addAll(List.of("--variant", "prop-sla2"));
        }
        if (!given.contains("--estimator")) {
            prefix.addAll(List.of("--estimator", "reference"));
        }
        if (!given.contains("--window")) {
            prefix.addAll(List.of("--window", "90s"));
        }
        prefix.addAll(List.of("--set", "exclusive.time=reference", "--set", "window.late.traces=drop", "--set",
                "window.grace.ms=30000"));
        return prefix;
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new ReplayCommand());
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));
        int exit = command.execute(args);
        return new Run(exit, err.toString());
    }
}
