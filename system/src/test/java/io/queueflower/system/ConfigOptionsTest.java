package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.loadgen.cli.HttpCommand;
import io.queueflower.loadgen.cli.LoadgenCli;
import io.queueflower.loadgen.config.HttpLoadConfig;
import io.queueflower.scaler.cli.ScalerCli;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.simulator.cli.SimulateCommand;
import io.queueflower.simulator.cli.SimulateConfig;
import io.queueflower.simulator.cli.SimulatorCli;
import io.queueflower.streams.cli.StreamsCli;
import io.queueflower.streams.config.StreamsAppConfig;
import io.queueflower.system.demo.DemoCommand;
import io.queueflower.system.demo.DemoConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command's configuration: file < environment < --set < flags, one flag per key, nothing unknown. */
class ConfigOptionsTest {
    private record Result(int exit, String out, String err) {
    }

    private static Result run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void everyKeyOfEveryCommandHasItsFlagWithItsDocumentationAndDefault() {
        CommandLine streams = StreamsCli.commandLine();
        Map<String, Map.Entry<ConfigDef, CommandLine>> commands = Map.of(
                "simulate", Map.entry(SimulateConfig.DEFINITION, SimulatorCli.commandLine().getSubcommands()
                        .get("simulate")),
                "http", Map.entry(HttpLoadConfig.DEFINITION, LoadgenCli.commandLine().getSubcommands().get("http")),
                "demo", Map.entry(DemoConfig.DEFINITION, new CommandLine(new DemoCommand())),
                "run", Map.entry(StreamsAppConfig.DEFINITION, streams.getSubcommands().get("run")),
                "replay", Map.entry(StreamsAppConfig.DEFINITION, streams.getSubcommands().get("replay")),
                "scaler", Map.entry(ScalerConfig.DEFINITION, new CommandLine(new ScalerCli())));
        commands.forEach((name, entry) -> {
            ConfigDef definition = entry.getKey();
            CommandLine command = entry.getValue();
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", "");
            for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
                // one flag per key, whose help names the key it sets (picocli wraps at dots: spaces are ignored)
                assertThat(command.getCommandSpec().options()).as(name + " " + key.name)
                        .anySatisfy(o -> assertThat(String.join(" ", o.description()))
                                .contains("[" + key.name + ", default: "));
                assertThat(help).as(name + " help").contains(key.name + ",default:");
            }
            assertThat(command.getCommandSpec().findOption("--config")).isNotNull();
            assertThat(command.getCommandSpec().findOption("--set")).isNotNull();
            assertThat(command.getCommandSpec().findOption("--print-config")).isNotNull();
        });
        // a key's flag is the key without the command's prefix
        assertThat(commands.get("simulate").getValue().getCommandSpec().findOption("--speedup")).isNotNull();
        assertThat(commands.get("scaler").getValue().getCommandSpec().findOption("--max-step-up")).isNotNull();
        assertThat(commands.get("run").getValue().getCommandSpec().findOption("--window-size-ms")).isNotNull();
        // replay's short names stay
        assertThat(List.of("--window", "-f", "--format", "--sla-avg", "--sla-tail")).allSatisfy(o ->
                assertThat(commands.get("replay").getValue().getCommandSpec().findOption(o)).as(o).isNotNull());
        // wrk's short names are kept for the HTTP load generator
        CommandLine http = commands.get("http").getValue();
        assertThat(List.of("-R", "-d", "-c", "-t")).allSatisfy(o ->
                assertThat(http.getCommandSpec().findOption(o)).as(o).isNotNull());
    }

    @Test
    void fileThenEnvironmentThenSetThenFlagsEachWin(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("sim.yaml"), """
                sim:
                  speedup: 2
                  seed: 11
                  namespace: from-file
                  workload: constant:5
                bootstrap.servers: file:9092
                """);
        Map<String, String> env = Map.of("QF_SIM_SEED", "22", "QF_SIM_NAMESPACE", "from-env", "PATH", "/bin");
        Result result = run(new SimulateCommand(env), "--config", yaml.toString(), "--set", "sim.namespace=from-set",
                "--set", "sim.workload=constant:6", "--workload", "constant:7", "--print-config");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("sim.speedup = 2.0")             // file
                .contains("sim.seed = 22")                 // environment over file
                .contains("sim.namespace = from-set")      // --set over environment
                .contains("sim.workload = constant:7")     // flag over --set
                .contains("bootstrap.servers = file:9092") // Kafka keys pass through
                .contains("sim.mode = virtual");           // default
    }

    @Test
    void anUnknownKeyIsRejectedWithItsSourceNameAndASuggestion(@TempDir Path dir) throws IOException {
        Path properties = Files.writeString(dir.resolve("sim.properties"), "sim.speedpu=3\n");
        Result fromFile = run(new SimulateCommand(Map.of()), "--config", properties.toString(), "--output", "x");
        assertThat(fromFile.exit()).isEqualTo(2);
        assertThat(fromFile.err()).contains("unknown configuration key 'sim.speedpu'")
                .contains("QF_SIM_SPEEDPU").contains("did you mean 'sim.speedup'?");

        Result fromEnv = run(new SimulateCommand(Map.of("QF_SIM_FOLOW_DECISIONS", "true")), "--output", "x");
        assertThat(fromEnv.exit()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("'sim.folow.decisions'").contains("did you mean 'sim.follow.decisions'?");

        Result invalid = run(new HttpCommand(Map.of("QF_LOAD_CONNECTIONS", "0")), "--url", "http://127.0.0.1:1",
                "--rate", "5", "--duration", "1s");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("load.connections").contains("at least 1").contains("-c")
                .contains("QF_LOAD_CONNECTIONS");
    }

    @Test
    void secretsArePrintedMasked() {
        Result result = run(new SimulateCommand(Map.of("QF_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";")),
                "--kafka-bootstrap", "broker:9093", "--set", "security.protocol=SASL_SSL", "--set",
                "ssl.truststore.password=changeit", "--print-config");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]",
                "security.protocol = SASL_SSL").doesNotContain("s3cret").doesNotContain("changeit");
    }

    @Test
    void theDemoAndTheHttpLoadReadOnlyTheirOwnVariables() {
        // A shell set up for the streams app (QF_BOOTSTRAP_SERVERS) must not break the demo, which brings its own broker.
        Map<String, String> env = Map.of("QF_BOOTSTRAP_SERVERS", "prod:9092", "QF_DEMO_SPEEDUP", "30",
                "QF_LOAD_RATE", "9");
        Result demo = run(new DemoCommand(env), "--print-config");
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("demo.speedup = 30.0").doesNotContain("prod:9092");

        Result http = run(new HttpCommand(env), "--url", "http://127.0.0.1:1", "--duration", "1s", "--print-config");
        assertThat(http.exit()).as(http.err()).isZero();
        assertThat(http.out()).contains("load.rate = 9.0").doesNotContain("prod:9092");
    }
}
