package io.queueflower.loadgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Placeholder entry point so the module builds to a runnable jar; its commands arrive with their issue. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, description = "HTTP load generator and cluster simulator (issues 5 and 6; not built yet).")
public final class LoadgenCli implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadgenCli()).execute(args));
    }
}
