package io.queueflower.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigOptionsTest {
    private static final ConfigDef DEFINITION = new ConfigDef()
            .define("app.window.size.ms", Type.LONG, 30_000L, ConfigDef.Range.atLeast(1_000), Importance.HIGH,
                    "Window length; 100 % of a window is decided at once.")
            .define("app.algorithm", Type.STRING, "hab", ConfigDef.ValidString.in("hab", "hpa"), Importance.HIGH,
                    "Algorithm.")
            .define("app.seed", Type.LONG, 42L, Importance.LOW, "Seed.");
    private static final ConfigOptions OPTIONS = new ConfigOptions(DEFINITION, "app.",
            Map.of("app.window.size.ms", List.of("--window")), List.of());

    @Command(name = "demo", modelTransformer = Installer.class)
    static final class Demo {
        @Option(names = "--input")
        String input;
    }

    public static final class Installer implements ConfigOptions.Installer {
        @Override
        public ConfigOptions options() {
            return OPTIONS;
        }
    }

    private static CommandLine.ParseResult parse(String... args) {
        return new CommandLine(new Demo()).parseArgs(args);
    }

    @Test
    void flagsSetTheirKeysAndTheCommandsOwnOptionsAreLeftOut() {
        assertThat(OPTIONS.flags(parse("--input", "x", "--algorithm", "hpa", "--seed", "7")))
                .containsOnly(entry("app.algorithm", "hpa"), entry("app.seed", "7"));
        assertThat(OPTIONS.flagOf("app.window.size.ms")).isEqualTo("--window-size-ms");
    }

    @Test
    void aMillisecondFlagTakesADurationUnderEitherName() {
        assertThat(OPTIONS.flags(parse("--window", "2m"))).containsOnly(entry("app.window.size.ms", "120000"));
        assertThat(OPTIONS.flags(parse("--window-size-ms", "1500ms")))
                .containsOnly(entry("app.window.size.ms", "1500"));
        assertThat(OPTIONS.flags(parse("--window", "90000"))).containsOnly(entry("app.window.size.ms", "90000"));
        // only millisecond keys: a seed of "2m" is left for the definition to refuse
        assertThat(OPTIONS.flags(parse("--seed", "2m"))).containsOnly(entry("app.seed", "2m"));
        assertThatThrownBy(() -> OPTIONS.flags(parse("--window", "90 seconds")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("app.window.size.ms").hasMessageContaining("neither milliseconds nor a duration");
    }

    @Test
    void setThenFlagsWinOverTheEnvironment() {
        Map<String, String> values = OPTIONS.values(parse("--set", "app.seed=5", "--set", "app.algorithm=hpa",
                "--algorithm", "hab"), Map.of("QF_APP_SEED", "3", "QF_APP_WINDOW_SIZE_MS", "60000"));
        assertThat(values).containsEntry("app.seed", "5").containsEntry("app.algorithm", "hab")
                .containsEntry("app.window.size.ms", "60000");
    }

    @Test
    void anErrorNamesTheWaysToSetTheKeyItIsAbout() {
        assertThat(OPTIONS.explain("Invalid value 500 for configuration app.window.size.ms: Value must be at least 1000"))
                .endsWith("(set with --window-size-ms, QF_APP_WINDOW_SIZE_MS or app.window.size.ms in --config FILE)");
        // a message that only lists keys as suggestions is about none of them
        assertThat(OPTIONS.explain("unknown configuration key 'app.sed'; did you mean 'app.seed'?"))
                .isEqualTo("unknown configuration key 'app.sed'; did you mean 'app.seed'?");
    }

    @Test
    void helpShowsEveryKeyWithItsDefaultAndALiteralPercent() {
        String help = new CommandLine(new Demo()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help.replaceAll("\\s+", " ")).contains("--window, --window-size-ms=MS|DURATION")
                .contains("100 % of a window").contains("[app.window.size.ms, default: 30000]")
                .contains("[app.algorithm, default: hab]").contains("--print-config");
    }
}
