package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.queueflower.loadgen.cli.LoadgenCli;
import io.queueflower.scaler.cli.ScalerCli;
import io.queueflower.simulator.cli.SimulatorCli;
import io.queueflower.streams.cli.StreamsCli;
import io.queueflower.system.demo.DemoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command of every README's code blocks that starts one of our apps ({@code ./queueflower ...} or
 * {@code java -jar <module>/target/<module>-...-all.jar ...}) works as written from the repository root, with only the
 * files a fresh clone has:
 * <ul>
 *   <li>a command that needs nothing outside this machine runs, and exits 0 (output files go to a temporary
 *   directory);</li>
 *   <li>a command that needs a running system (a Kafka broker, a Kubernetes API, an HTTP target: {@code run},
 *   {@code scaler}, {@code --kafka-bootstrap}, {@code --url}, wall-clock simulations, or a demo that would run for
 *   minutes) runs with
 *   {@code --print-config} added, so its whole configuration, files included, is checked and it exits 0;</li>
 *   <li>a synopsis (placeholders such as {@code FILE|-}, {@code <rate>}, {@code "$URL"}) names only options the
 *   command has;</li>
 *   <li>a script a README tells people to run exists and is executable.</li>
 * </ul>
 * Each command goes to the app the launcher would start (the launcher's mapping, restated here because the launcher
 * is a shell script). Commands of other tools ({@code mvn}, {@code docker}, {@code kubectl}, {@code curl}) are not
 * run. Demo runs longer than a configuration check are {@code DemoCommandTest}'s.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern JAR = Pattern.compile("java -jar ([\\w-]+)/target/\\1-[\\w.-]+-all\\.jar (.*)");
    private static final Set<String> OUTPUT_OPTIONS = Set.of("--output", "-o", "--json");
    /** A line that starts an app, after any {@code NAME=value} environment assignments. */
    private static final Pattern APP_LINE = Pattern.compile("([A-Z_]+=\\S+\\s+)*(\\./queueflower |java -jar )");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=(\\S+)\\s+");

    /** One command of a README: the launcher command ({@code demo}, {@code replay}, ...), its arguments, the text. */
    record ReadmeCommand(Map<String, String> environment, String command, List<String> args, String text) {
        boolean synopsis() {
            return text.contains("|") || text.contains("<") || text.contains("$") || text.contains("[")
                    || args.stream().anyMatch(a -> a.matches("[A-Z][A-Z_]+(:\\d+)?"));
        }

        boolean needsARunningSystem() {
            return command.equals("scaler") || (command.equals("streams") && args.contains("run"))
                    || (command.equals("demo") && !args.contains("--help"))
                    || args.contains("realtime") || environment.containsKey("QF_BOOTSTRAP_SERVERS")
                    || args.stream().anyMatch(a -> Set.of("--kafka-bootstrap", "--bootstrap-servers", "--url")
                    .contains(a));
        }
    }

    /** Commands, in README order, from code blocks only; continued lines joined, trailing comments dropped. */
    static List<ReadmeCommand> commands(String readme) {
        List<ReadmeCommand> commands = new ArrayList<>();
        boolean inCode = false;
        StringBuilder pending = new StringBuilder();
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                pending.setLength(0);
                continue;
            }
            if (!inCode) {
                continue;
            }
            String trimmed = line.strip();
            if (pending.isEmpty() && !APP_LINE.matcher(trimmed).lookingAt()
                    && !trimmed.matches("([A-Z_]+=\\S+\\s+)+\\\\")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = withoutComment(pending.toString()).replaceAll("\\s+", " ").strip();
            pending.setLength(0);
            toCommand(text).ifPresent(commands::add);
        }
        return commands;
    }

    private static Optional<ReadmeCommand> toCommand(String text) {
        Map<String, String> environment = new LinkedHashMap<>();
        String rest = text;
        for (Matcher m = ASSIGNMENT.matcher(rest); m.lookingAt(); m = ASSIGNMENT.matcher(rest)) {
            environment.put(m.group(1), m.group(2));
            rest = rest.substring(m.end());
        }
        if (rest.startsWith("./queueflower ")) {
            List<String> words = words(rest.substring("./queueflower ".length()));
            return Optional.of(new ReadmeCommand(environment, words.get(0), words.subList(1, words.size()), text));
        }
        Matcher jar = JAR.matcher(rest);
        if (!jar.matches()) {
            return Optional.empty();
        }
        List<String> words = words(jar.group(2));
        String first = words.isEmpty() ? "" : words.get(0);
        List<String> afterFirst = words.isEmpty() ? words : words.subList(1, words.size());
        return Optional.of(switch (jar.group(1)) {
            case "streams-app" -> Set.of("replay", "ingest").contains(first)
                    ? new ReadmeCommand(environment, first, afterFirst, text)
                    : new ReadmeCommand(environment, "streams", words, text);
            case "simulator" -> new ReadmeCommand(environment, first, afterFirst, text);
            case "scaler-app" -> new ReadmeCommand(environment, "scaler", words, text);
            case "loadgen-app" -> new ReadmeCommand(environment, "loadgen", words, text);
            case "system" -> new ReadmeCommand(environment, "demo", words, text);
            default -> throw new AssertionError("no app in module " + jar.group(1) + ": " + text);
        });
    }

    private static String withoutComment(String line) {
        int comment = line.indexOf(" #");
        return comment < 0 ? line : line.substring(0, comment);
    }

    /** Shell words: whitespace-separated, single or double quotes group (and are removed). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** The app the launcher starts for {@code command}; see {@link #launcherArguments}. */
    private static Supplier<CommandLine> app(String command) {
        return switch (command) {
            case "demo" -> () -> new CommandLine(new DemoCommand());
            case "simulate", "experiment" -> SimulatorCli::commandLine;
            case "loadgen" -> LoadgenCli::commandLine;
            case "streams", "replay", "ingest" -> StreamsCli::commandLine;
            case "scaler" -> () -> new CommandLine(new ScalerCli());
            default -> throw new AssertionError("the launcher has no command '" + command + "'");
        };
    }

    /** The main class the launcher's jar for {@code command} runs. */
    private static Class<?> mainClass(String command) {
        return switch (command) {
            case "demo" -> DemoCommand.class;
            case "simulate", "experiment" -> SimulatorCli.class;
            case "loadgen" -> LoadgenCli.class;
            case "streams", "replay", "ingest" -> StreamsCli.class;
            case "scaler" -> ScalerCli.class;
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

    private static List<Path> readmes() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("README.md"))
                    .filter(f -> !ROOT.relativize(f).toString().matches("(.*/)?(target|node_modules|\\.git)/.*"))
                    .sorted().toList();
        }
    }

    /**
     * Runs the command as the launcher would, in its own JVM whose working directory is the repository root, so
     * relative paths (in arguments and in configuration files) mean what they mean to a user.
     *
     * @return null when it exited 0, else what went wrong and its output
     */
    private static String run(ReadmeCommand command, List<String> args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass(command.command()).getName()));
        line.addAll(launcherArguments(command.command(), args));
        ProcessBuilder builder = new ProcessBuilder(line).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("QF_"));
        builder.environment().putAll(command.environment());
        Path log = Files.createTempFile("readme-command", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                return "still running after 3 minutes\n" + Files.readString(log);
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + "\n" + Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The command's spec: the subcommand's where the arguments name one. */
    private static CommandLine.Model.CommandSpec specOf(ReadmeCommand command) {
        CommandLine cli = app(command.command()).get();
        List<String> args = launcherArguments(command.command(), command.args());
        CommandLine sub = args.isEmpty() ? null : cli.getSubcommands().get(args.get(0));
        return (sub == null ? cli : sub).getCommandSpec();
    }

    @Test
    void everyAppCommandOfEveryReadmeWorksAsWritten(@TempDir Path out) throws Exception {
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (Path readme : readmes()) {
            for (ReadmeCommand command : commands(Files.readString(readme))) {
                checked++;
                String where = ROOT.relativize(readme) + ": " + command.text();
                if (command.synopsis()) {
                    CommandLine.Model.CommandSpec spec = specOf(command);
                    for (String arg : command.args()) {
                        String option = arg.replaceAll("[\\[\\]]", "").split("=")[0];
                        if (option.startsWith("-") && spec.findOption(option) == null) {
                            failures.add(where + "\n  no option " + option);
                        }
                    }
                    continue;
                }
                List<String> args = new ArrayList<>(command.args());
                for (int i = 1; i < args.size(); i++) {
                    if (OUTPUT_OPTIONS.contains(args.get(i - 1))) { // written files go to a temporary directory
                        args.set(i, out.resolve(Path.of(args.get(i)).getFileName()).toString());
                    }
                }
                if (command.needsARunningSystem() && !args.contains("--help")) {
                    args.add("--print-config");
                }
                String failure = run(command, args);
                if (failure != null) {
                    failures.add(where + "\n  " + failure);
                }
            }
        }
        assertThat(failures).as("README commands that do not work as written").isEmpty();
        assertThat(checked).as("app commands found in the READMEs").isGreaterThanOrEqualTo(20);
    }

    @Test
    void theRootReadmeShowsTheCommandsANewUserRunsFirst() throws IOException {
        List<ReadmeCommand> commands = commands(Files.readString(ROOT.resolve("README.md")));
        assertThat(commands).as("commands in README.md").hasSizeGreaterThanOrEqualTo(8);
        assertThat(commands).extracting(ReadmeCommand::command).contains("demo", "replay", "experiment");
    }

    @Test
    void everyScriptAReadmeNamesExistsAndIsExecutable() throws IOException {
        Pattern script = Pattern.compile("(?:^|\\s)((?:benchmarks|\\.ci)/[\\w/.-]+\\.sh|\\.ci/run)(?=\\s|$)");
        int found = 0;
        for (Path readme : readmes()) {
            boolean inCode = false;
            for (String line : Files.readString(readme).split("\n")) {
                if (line.startsWith("```")) {
                    inCode = !inCode;
                } else if (inCode) {
                    Matcher m = script.matcher(withoutComment(line));
                    while (m.find()) {
                        found++;
                        assertThat(Files.isExecutable(ROOT.resolve(m.group(1))))
                                .as(ROOT.relativize(readme) + " names " + m.group(1)).isTrue();
                    }
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theParserFindsCommandsOnlyInCodeBlocksJoinsContinuationsAndDropsComments() {
        String readme = "run ./queueflower demo\n```\n./queueflower demo --help   # help\n./queueflower scaler --help\n"
                + "java -jar streams-app/target/streams-app-0.1.0-SNAPSHOT-all.jar replay \\\n    --input x.json \\\n"
                + "    --window 90s\nQF_A=1 QF_B=x:9 \\\n  ./queueflower simulate --mode realtime\nmvn -B verify\n```\n"
                + "./queueflower nope\n";
        assertThat(commands(readme)).extracting(ReadmeCommand::command, ReadmeCommand::args).containsExactly(
                org.assertj.core.groups.Tuple.tuple("demo", List.of("--help")),
                org.assertj.core.groups.Tuple.tuple("scaler", List.of("--help")),
                org.assertj.core.groups.Tuple.tuple("replay", List.of("--input", "x.json", "--window", "90s")),
                org.assertj.core.groups.Tuple.tuple("simulate", List.of("--mode", "realtime")));
        assertThat(commands(readme).get(3).environment()).containsExactly(entry("QF_A", "1"), entry("QF_B", "x:9"));
        assertThat(words("--workload 'a=b;c' --url \"$URL\" x")).containsExactly("--workload", "a=b;c", "--url",
                "$URL", "x");
    }
}
