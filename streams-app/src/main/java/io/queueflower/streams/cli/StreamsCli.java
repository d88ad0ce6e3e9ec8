package io.queueflower.streams.cli;

import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top-level command of the streams app; subcommands are registered here. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        subcommands = {RunCommand.class, IngestCommand.class, ReplayCommand.class, ConfigReferenceCommand.class},
        description = "QueueFlower streams app: span ingestion, trace assembly, queue estimation and pod decisions.")
public final class StreamsCli implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The command line with the app's error handling: a configuration mistake is a message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StreamsCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println(commandLine.getCommandName() + ": configuration error: "
                        + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
