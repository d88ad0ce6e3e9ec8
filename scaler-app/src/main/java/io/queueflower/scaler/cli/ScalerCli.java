package io.queueflower.scaler.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Placeholder entry point so the module builds to a runnable jar; its commands arrive with their issue. */
@Command(name = "scaler", mixinStandardHelpOptions = true, description = "Applies QueueFlower scaling decisions to Kubernetes Deployments (issue 4; not built yet).")
public final class ScalerCli implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScalerCli()).execute(args));
    }
}
