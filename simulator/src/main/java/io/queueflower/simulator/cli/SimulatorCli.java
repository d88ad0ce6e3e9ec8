package io.queueflower.simulator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The simulator's commands: {@code simulate} (one run that emits traces) and {@code experiment} (paired policies). */
@Command(name = "simulator", mixinStandardHelpOptions = true, version = "simulator 0.1.0",
        description = "A trace-emitting cluster simulator and policy experiments for QueueFlower.",
        subcommands = {SimulateCommand.class, ExperimentCommand.class, CommandLine.HelpCommand.class})
public final class SimulatorCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand (try 'simulator simulate --help' or 'simulator experiment --help')");
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SimulatorCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
