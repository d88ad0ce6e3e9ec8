package io.queueflower.loadgen.cli;

import io.queueflower.loadgen.demo.DemoCommand;
import io.queueflower.loadgen.sim.cli.ExperimentCommand;
import io.queueflower.loadgen.sim.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code loadgen} command; each tool is a subcommand: HTTP load, the cluster simulator, experiments. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, version = "loadgen 0.1.0",
        description = "Load generation for QueueFlower experiments.",
        subcommands = {HttpCommand.class, SimulateCommand.class, ExperimentCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
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
