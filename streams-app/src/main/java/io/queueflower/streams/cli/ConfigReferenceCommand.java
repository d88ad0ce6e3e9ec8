package io.queueflower.streams.cli;

import io.queueflower.platform.config.ConfigReference;
import io.queueflower.streams.config.StreamsAppConfig;
import picocli.CommandLine.Command;

/** {@code streams config-reference}: every configuration key, its environment variable, default and meaning. */
@Command(name = "config-reference", mixinStandardHelpOptions = true,
        description = "Print the configuration reference (Markdown table) of the streams app.")
public final class ConfigReferenceCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(ConfigReference.table(StreamsAppConfig.DEFINITION));
    }
}
