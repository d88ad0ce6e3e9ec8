package io.queueflower.loadgen.demo;

import io.queueflower.loadgen.cli.LoadgenCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo command end to end, in-process: broker, streams app, scaler and simulator, then the report. */
class DemoCommandTest {
    @Test
    void runsTheWholeSystemAndReportsReplicasMovingWithLoad(@TempDir Path dir) throws Exception {
        CommandLine cli = LoadgenCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        Path report = dir.resolve("report.html");

        // 300 s simulated while the load steps 30 → 60 → 35 requests/s: the 90 s windows are epoch-aligned, so two
        // or three close (end + 30 s grace + 5 s trace idle within the run), whatever second the run starts at.
        int exit = cli.execute("demo", "--duration", "25s", "--speedup", "12", "--report", report.toString());

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        DemoRecord record = ((DemoCommand) cli.getSubcommands().get("demo").getCommand()).lastRecord;
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
        assertThat(html).contains("End-to-end latency per flow", "Replicas per service", "<path d=")
                .contains("HTTP GET /recommendations", "profile");
        // Each decision added a replica sample; the replica chart draws every service.
        for (Map.Entry<String, Integer> service : initial.entrySet()) {
            assertThat(html).contains(">" + service.getKey() + "<");
        }
    }

    @Test
    void rejectsAnUnknownWorkloadBeforeStartingAnything(@TempDir Path dir) {
        CommandLine cli = LoadgenCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("demo", "--workload", "bursty", "--report", dir.resolve("r.html").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("demo.workload (--workload) 'bursty'");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }
}
