package io.queueflower.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.queueflower.loadgen.http.DelayServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HttpCommandTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = LoadgenCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOption() {
        Result help = run("http", "--help");
        assertThat(help.exitCode()).isZero();
        for (String option : List.of("--url", "--rate", "--pattern", "--duration", "--connections", "--threads", "--mix",
                "--timeout", "--json", "--warmup", "--workload", "--seed", "--client", "step:", "ramp:", "sine:")) {
            assertThat(help.out()).contains(option);
        }
        Result top = run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("http");
    }

    @Test
    void badArgumentsAreRejectedWithTheReason() {
        Result none = run("http", "--url", "http://127.0.0.1:1", "--duration", "1s");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("exactly one of load.rate (--rate) or load.pattern (--pattern)");

        Result both = run("http", "--url", "http://127.0.0.1:1", "--duration", "1s", "--rate", "5", "--pattern", "constant:5");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("exactly one of load.rate (--rate) or load.pattern (--pattern)");

        Result mix = run("http", "--url", "http://127.0.0.1:1", "--duration", "1s", "--rate", "5", "--mix", "browse=1");
        assertThat(mix.exitCode()).isEqualTo(2);
        assertThat(mix.err()).contains("load.mix").contains("unknown request type 'browse'");

        Result https = run("http", "--url", "https://example.test", "--duration", "1s", "--rate", "5");
        assertThat(https.exitCode()).isEqualTo(2);
        assertThat(https.err()).contains("only http:// URLs");

        Result duration = run("http", "--url", "http://127.0.0.1:1", "--duration", "soon", "--rate", "5");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("soon").contains("load.duration").contains("not a duration")
                .contains("--duration");

        Result subcommand = run();
        assertThat(subcommand.exitCode()).isEqualTo(2);
        assertThat(subcommand.err()).contains("missing subcommand");
    }

    @Test
    void runsAgainstALocalServerAndWritesTheJsonReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        Path pattern = dir.resolve("steps.csv");
        Files.writeString(pattern, "seconds,rate\n0,100\n0.5,300\n");
        try (DelayServer server = new DelayServer((target, since) -> 1_000_000L)) {
            Result result = run("http", "--url", server.url(), "--pattern", pattern.toString(), "--duration", "1s",
                    "--connections", "4", "--threads", "1", "--mix", "search=0.5,recommend=0.5", "--seed", "5",
                    "--json", json.toString());

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains("req/s (target").contains("Latency Distribution")
                    .contains("Detailed Percentile spectrum").contains("Requests/sec:");
        }
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("pattern").asText()).isEqualTo("step:0s=100,0.5s=300");
        assertThat(report.get("seed").asLong()).isEqualTo(5);
        // 100/s for 0.5 s and 300/s for 0.5 s, less the request due exactly at 1 s.
        assertThat(report.get("scheduled").asLong()).isEqualTo(199);
        assertThat(report.get("requests").asLong()).isEqualTo(199);
        assertThat(report.get("errors").asLong()).isZero();
        // The rate is responses per second of the run, which lasts at least the 1 s planned and longer when the
        // last responses come late; how closely it follows the plan is LoadRunTest's business, under load too.
        assertThat(report.get("elapsedSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(report.get("achievedRate").asDouble())
                .isCloseTo(199 / report.get("elapsedSeconds").asDouble(), within(1e-6));
        assertReportFields(report);
        assertThat(report.get("intervals").size()).isGreaterThanOrEqualTo(1);
        JsonNode byType = report.get("byType");
        assertThat(byType.fieldNames()).toIterable().containsExactly("search", "recommend");
        long perType = 0;
        for (JsonNode type : byType) {
            assertReportFields(type);
            perType += type.get("requests").asLong();
        }
        assertThat(perType).isEqualTo(199);
    }

    private static void assertReportFields(JsonNode node) {
        for (String field : List.of("requests", "errors", "achievedRate", "latencyMs", "intervals")) {
            assertThat(node.has(field)).as(field).isTrue();
        }
        for (String percentile : List.of("p50", "p90", "p99", "p999", "max")) {
            assertThat(node.get("latencyMs").get(percentile).isNumber()).as(percentile).isTrue();
        }
        assertThat(node.get("latencyMs").get("p50").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(node.get("intervals").isArray()).isTrue();
    }
}
