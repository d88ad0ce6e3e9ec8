package io.queueflower.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as {@code ./queueflower demo} runs it: the shaded jar in a JVM of its own, so a class the jar lacks (a
 * dependency left at test scope, say) fails here rather than on a new user's first command. {@code DemoCommandTest}
 * covers the demo's behaviour in-process; this covers what ships.
 */
class DemoJarIT {
    private static final Pattern DECISIONS = Pattern.compile("(\\d+) decisions applied");

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("system-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("the demo's jar is not built (mvn verify packages it)"));
        }
    }

    @Test
    void theShippedJarRunsTheWholeLoopAndWritesItsReport(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path report = dir.resolve("report.html");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-jar", jar().toAbsolutePath().toString(),
                "--duration", "20s", "--speedup", "20", "--report", report.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String out = Files.readString(dir.resolve("out.txt"));
        assertThat(finished).as("demo finished\n" + out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("NoClassDefFoundError").contains("== summary:");
        Matcher decisions = DECISIONS.matcher(out.substring(out.indexOf("== summary:")));
        assertThat(decisions.find()).as(out).isTrue();
        assertThat(Integer.parseInt(decisions.group(1))).as("decisions applied in 400 simulated seconds")
                .isGreaterThanOrEqualTo(5);
        assertThat(Files.readString(report)).contains("<html").contains("replicas");
    }
}
