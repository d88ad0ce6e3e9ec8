package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.loadgen.cli.LoadgenCli;
import io.queueflower.scaler.cli.ScalerCli;
import io.queueflower.simulator.cli.SimulatorCli;
import io.queueflower.streams.cli.StreamsCli;
import io.queueflower.system.demo.DemoCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ./queueflower ...} line in the root README's code blocks runs as written, from the repository root,
 * with only the files a fresh clone has. Each command goes to the app the launcher would start (the launcher's
 * mapping, restated here because the launcher is a shell script); file arguments are resolved against the
 * repository root, and output files go to a temporary directory. Demo runs longer than a help screen are left to
 * {@code DemoCommandTest}, which runs the demo itself.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static List<List<String>> commands(String readme) {
        List<List<String>> commands = new ArrayList<>();
        boolean inCode = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode && line.startsWith("./queueflower ")) {
                String command = line.contains(" #") ? line.substring(0, line.indexOf(" #")) : line;
                commands.add(List.of(command.trim().substring("./queueflower ".length()).split("\\s+")));
            }
        }
        return commands;
    }

    /** The app the launcher starts for {@code command}; see {@link #launcherArguments}. */
    private static Supplier<CommandLine> app(String command) {
        return switch (command) {
            case "demo" -> () -> new CommandLine(new DemoCommand());
            case "simulate", "experiment" -> SimulatorCli::commandLine;
            case "loadgen" -> LoadgenCli::commandLine;
            case "streams" -> StreamsCli::commandLine;
            case "replay", "ingest" -> StreamsCli::commandLine;
            case "scaler" -> () -> new CommandLine(new ScalerCli());
            default -> throw new AssertionError("the launcher has no command '" + command + "'");
        };
    }

    /** What the launcher passes on: the subcommand's name too where it starts a multi-command app. */
    private static List<String> launcherArguments(String command, List<String> args) {
        List<String> all = new ArrayList<>();
        if (List.of("simulate", "experiment", "replay", "ingest").contains(command)) {
            all.add(command);
        }
        all.addAll(args);
        return all;
    }

    @Test
    void everyCommandOfTheRootReadmeRuns(@TempDir Path out) throws IOException {
        List<List<String>> commands = commands(Files.readString(ROOT.resolve("README.md")));
        assertThat(commands).as("commands in README.md").hasSizeGreaterThanOrEqualTo(8);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command.subList(1, command.size()));
            if (command.get(0).equals("demo") && !args.contains("--help")) {
                continue;
            }
            for (int i = 0; i < args.size(); i++) {
                if (i > 0 && args.get(i - 1).equals("--output")) {
                    args.set(i, out.resolve(args.get(i)).toString());
                } else if (Files.exists(ROOT.resolve(args.get(i))) && !args.get(i).startsWith("-")) {
                    args.set(i, ROOT.resolve(args.get(i)).toString());
                }
            }
            CommandLine cli = app(command.get(0)).get();
            StringWriter text = new StringWriter();
            cli.setOut(new PrintWriter(text, true));
            cli.setErr(new PrintWriter(text, true));
            int exit = cli.execute(launcherArguments(command.get(0), args).toArray(String[]::new));
            assertThat(exit).as("./queueflower " + String.join(" ", command) + "\n" + text).isZero();
        }
    }

    @Test
    void theParserFindsCommandsOnlyInCodeBlocksAndDropsComments() {
        String readme = "run ./queueflower demo\n```\n./queueflower demo --help   # help\n./queueflower scaler --help\n"
                + "mvn -B verify\n```\n./queueflower nope\n";
        assertThat(commands(readme)).containsExactly(List.of("demo", "--help"), List.of("scaler", "--help"));
    }
}
