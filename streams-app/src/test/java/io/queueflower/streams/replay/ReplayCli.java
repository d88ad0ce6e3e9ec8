package io.queueflower.streams.replay;

import io.queueflower.streams.cli.ReplayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the replay command as the CLI would, capturing standard error. */
final class ReplayCli {
    record Run(int exit, String stderr) {
    }

    private ReplayCli() {
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
