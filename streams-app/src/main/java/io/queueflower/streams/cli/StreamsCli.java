package io.queueflower.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Top-level command of the streams app; subcommands are registered here. */
@Command(name = "streams", mixinStandardHelpOptions = true, subcommands = {RunCommand.class, IngestCommand.class, ConfigReferenceCommand.class},
        description = "QueueFlower streams app: span ingestion, trace assembly, queue estimation and pod decisions.")
public final class StreamsCli implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamsCli()).execute(args));
    }
}
