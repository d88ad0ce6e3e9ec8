package io.queueflower.loadgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code loadgen} command: the wrk2-style HTTP load generator, and nothing else (the simulator and experiments
 * are the {@code simulator} module's, the demo the {@code system} module's).
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, version = "loadgen 0.1.0",
        description = "Constant-throughput HTTP load for QueueFlower experiments.",
        subcommands = {HttpCommand.class, CommandLine.HelpCommand.class})
public final class LoadgenCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (try 'loadgen http --help')");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new LoadgenCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
