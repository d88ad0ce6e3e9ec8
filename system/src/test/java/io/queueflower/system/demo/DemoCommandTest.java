package io.queueflower.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sun.misc.Signal;

/** The demo command end to end, in-process: broker, streams app, scaler and simulator, then the report. */
class DemoCommandTest {
    @Test
    void runsTheWholeSystemAndReportsReplicasMovingWithLoad(@TempDir Path dir) throws Exception {
        CommandLine cli = new CommandLine(new DemoCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        Path report = dir.resolve("report.html");

        // 300 s simulated while the load steps 30 → 60 → 35 requests/s: the 90 s windows are epoch-aligned, so two
        // or three close (end + 30 s grace + 5 s trace idle within the run), whatever second the run starts at.
        int exit = cli.execute("--duration", "25s", "--speedup", "12", "--report", report.toString());

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        DemoRecord record = ((DemoCommand) cli.getCommand()).lastRecord;
        assertThat(record.decisionsApplied()).as(printed).isGreaterThanOrEqualTo(2);
        assertThat(printed).contains("== window ", "λ req/s", "HTTP GET /hotels", "== summary: ",
                "report: " + report.toAbsolutePath());

        List<DemoRecord.ReplicaSample> history = record.replicaHistory();
        SortedMap<String, Integer> initial = history.get(0).replicas();
        assertThat(initial).containsEntry("profile", 3).hasSize(8);
        assertThat(history).as("replicas after each decision").hasSizeGreaterThan(2)
                .anySatisfy(sample -> assertThat(sample.replicas()).isNotEqualTo(initial));
        assertThat(record.scaleActions()).isPositive();

        assertThat(report).exists();
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(html.split("<svg", -1)).hasSize(3);
        assertThat(html).contains("End-to-end latency per flow", "Replicas per service", "<path d=",
                        "variant balanced (queues by Little's law)")
                .contains("HTTP GET /recommendations", "profile");
        // Each decision added a replica sample; the replica chart draws every service.
        for (Map.Entry<String, Integer> service : initial.entrySet()) {
            assertThat(html).contains(">" + service.getKey() + "<");
        }
    }

    @Test
    void ctrlCStopsEverythingCleanlyAndStillWritesTheReport(@TempDir Path dir) throws Exception {
        CommandLine cli = new CommandLine(new DemoCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        Path report = dir.resolve("report.html");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<Integer> exit = executor.submit(() -> cli.execute("--duration", "90s", "--speedup", "15",
                    "--report", report.toString()));
            // Ctrl-C once the first window was decided and applied: its table is printed.
            long deadline = start + TimeUnit.SECONDS.toNanos(75);
            while (!out.toString().contains("== window ")) {
                assertThat(exit.isDone()).as(out.toString()).isFalse();
                assertThat(System.nanoTime()).as("no window decided in 75 s: " + out).isLessThan(deadline);
                Thread.sleep(100);
            }
            Signal.raise(new Signal("INT"));

            assertThat(exit.get(60, TimeUnit.SECONDS)).as(out.toString()).isZero();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("stopped early, not after the 90 s asked for").isLessThan(85);
            assertThat(out.toString()).contains("demo: interrupted at simulated", "== summary: ",
                    "report: " + report.toAbsolutePath());
            assertThat(report).exists();
            assertThat(Files.readString(report, StandardCharsets.UTF_8)).contains("stopped early (SIGINT)",
                    "Replicas per service");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void rejectsAnUnknownWorkloadBeforeStartingAnything(@TempDir Path dir) {
        CommandLine cli = new CommandLine(new DemoCommand());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("--workload", "bursty", "--report", dir.resolve("r.html").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("demo.workload (--workload) 'bursty'");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }
}
