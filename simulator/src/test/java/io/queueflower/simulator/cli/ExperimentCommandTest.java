package io.queueflower.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ExperimentCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void runsAPerFlowWorkloadAndRecordsTheExactCommand(@TempDir Path dir) throws Exception {
        String[] result = run("--workload", "shift=/hotels=step:0s=12,150s=4;/recommendations=step:0s=4,150s=12@300s",
                "--seeds", "1", "--search-seeds", "9", "--window", "60s", "--grace", "10s", "--warmup", "60s",
                "--output", dir.toString());
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1]).contains("workload shift: searching the best static allocation", "static-best");
        String command = Files.readString(dir.resolve("command.txt")).trim();
        assertThat(command).startsWith("queueflower experiment --workload "
                + "'shift=/hotels=step:0s=12,150s=4;/recommendations=step:0s=4,150s=12@300s' --seeds 1");
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report).contains("## Workload `shift`: `HTTP GET /hotels=step:0s=12,150s=4;"
                + "HTTP GET /recommendations=step:0s=4,150s=12` for 300 s");
        // only the two named flows had requests
        assertThat(report).containsPattern("### Flow `HTTP POST /user`\\s+\\| policy .*\\n\\| --- .*\\n\\| queueflower \\| 0\\.0 ");
    }

    @Test
    void theDefaultWorkloadsAreTheShippedModelsCommittedOnes() throws Exception {
        List<String> committed = Files.readAllLines(Path.of("../benchmarks/experiments/workloads/hotel-reservation.txt"))
                .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(ExperimentCommand.DEFAULT_WORKLOADS).isEqualTo(committed);
    }

    @Test
    void badWorkloadsSayWhatIsWrong(@TempDir Path dir) {
        assertThat(run("--workload", "constant:50", "--output", dir.toString())[2])
                .contains("is not NAME=SPEC@DURATION");
        assertThat(run("--workload", "w=/nothing=constant:1@60s", "--output", dir.toString())[2])
                .contains("'/nothing' names no flow");
        assertThat(run("--workload", "w=s=constant:1;/user=constant:1@60s", "--output", dir.toString())[2])
                .contains("names several flows");
        assertThat(run("--workload", "w=constant:-1@60s", "--output", dir.toString())[2]).contains("w=constant:-1@60s");
        assertThat(run("--seeds", "1,2", "--search-seeds", "2", "--output", dir.toString())[0]).isNotEqualTo("0");
    }

    @Test
    void anotherModelNeedsItsOwnWorkloads(@TempDir Path dir) {
        String[] result = run("--model", "../samples/social-network-model.yaml", "--output", dir.toString());
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[2]).contains("--model ../samples/social-network-model.yaml needs at least one --workload",
                "benchmarks/experiments/workloads/");
    }
}
