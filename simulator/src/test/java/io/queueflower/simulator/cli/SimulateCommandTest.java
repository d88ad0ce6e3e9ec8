package io.queueflower.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.queueflower.avro.Span;
import io.queueflower.embedded.EmbeddedKafkaCluster;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.decode.SpanRecord;
import io.queueflower.streams.decode.SpanRecordReader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
    private record Result(int exit, String out, String err) {
    }

    private static Result simulate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static List<Span> read(Path file, SpanFormat format) throws Exception {
        List<Span> spans = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); SpanRecordReader reader = new SpanRecordReader(in, format)) {
            SpanRecord record;
            while ((record = reader.next()) != null) {
                spans.addAll(format.decoder().decode(record.bytes()));
            }
        }
        return spans;
    }

    @Test
    void writesAFileTheIngestCommandReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spans.jsonl");
        Result result = simulate("--duration", "10s", "--workload", "constant:20", "--format", "jaeger_json",
                "--output", file.toString(), "--replicas", "profile=5,user=1", "--seed", "3");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("simulated 10 s of hotelReservation under constant:20, seed 3")
                .contains("HTTP GET /hotels");
        List<Span> spans = read(file, SpanFormat.JAEGER_JSON);
        assertThat(spans).hasSizeGreaterThan(500);
        assertThat(spans.stream().filter(s -> s.getService().equals("profile")).map(Span::getHost).distinct())
                .hasSizeLessThanOrEqualTo(5).hasSizeGreaterThan(1);
        assertThat(spans.stream().filter(s -> s.getService().equals("user")).map(Span::getHost).distinct()).hasSize(1);
        // virtual time starts at the fixed epoch
        assertThat(spans.stream().mapToLong(Span::getStartMicros).min().orElseThrow())
                .isGreaterThanOrEqualTo(1_767_225_600_000_000L);
    }

    @Test
    void realTimeModeFollowsTheWallClockTimesTheSpeedUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spans.bin");
        long before = System.currentTimeMillis();
        Result result = simulate("--duration", "4s", "--workload", "constant:10", "--mode", "realtime", "--speedup",
                "8", "--output", file.toString());
        long after = System.currentTimeMillis();
        long elapsed = after - before;
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(elapsed).as("4 simulated seconds at 8x take about half a second").isBetween(450L, 10_000L);
        List<Span> spans = read(file, SpanFormat.OTLP_PROTO);
        assertThat(spans).isNotEmpty();
        // timestamps count from the wall clock at the run's start when no epoch is given: the first span starts
        // at that instant (within the run) plus its simulated offset (within the 4 s simulated)
        assertThat(spans.stream().mapToLong(Span::getStartMicros).min().orElseThrow() / 1000)
                .isBetween(before, after + 4_000);
    }

    @Test
    void badOptionsAreRejectedWithTheKeyTheFlagAndTheReason(@TempDir Path dir) {
        String file = dir.resolve("x").toString();
        Result format = simulate("--format", "zipkin", "--output", file);
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("sim.format").contains("zipkin").contains("--format")
                .contains("QF_SIM_FORMAT").contains("otlp-proto, otlp-json");
        assertThat(simulate("--output", file, "--kafka-bootstrap", "localhost:1").err())
                .contains("exactly one of sim.output (a file) or bootstrap.servers");
        assertThat(simulate().err()).contains("exactly one of sim.output");
        assertThat(simulate("--output", file, "--mode", "fast").err()).contains("sim.mode").contains("fast")
                .contains("virtual, realtime");
        assertThat(simulate("--output", file, "--replicas", "nosuch=2").err()).contains("sim.replicas")
                .contains("no service 'nosuch'");
        assertThat(simulate("--output", file, "--replicas", "profile=many").err()).contains("profile=many")
                .contains("service=N");
        assertThat(simulate("--output", file, "--epoch-start", "yesterday").err()).contains("ISO-8601");
        assertThat(simulate("--output", file, "--duration", "0").err())
                .contains("0 (until stopped) needs sim.mode=realtime");
        assertThat(simulate("--output", file, "--follow-decisions").err())
                .contains("sim.follow.decisions=true needs bootstrap.servers and sim.mode=realtime");
        Result workload = simulate("--output", file, "--workload", "constant:-3");
        assertThat(workload.exit()).isEqualTo(2);
        assertThat(workload.err()).contains("sim.workload").contains("constant:-3");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void producesToARealKafkaTopic() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopics(2, "otlp-spans");
            Result result = simulate("--duration", "5s", "--workload", "constant:10", "--format", "otlp-proto",
                    "--kafka-bootstrap", kafka.bootstrapServers(), "--topic", "otlp-spans");
            assertThat(result.exit()).as(result.err()).isZero();
            long traces = Long.parseLong(result.out().replaceAll("(?s).*: (\\d+) requests.*", "$1"));
            List<ConsumerRecord<String, byte[]>> records = kafka.readAtLeast("otlp-spans", (int) traces,
                    new StringDeserializer(), new ByteArrayDeserializer(), Duration.ofSeconds(30));
            assertThat(records).hasSize((int) traces);
            for (ConsumerRecord<String, byte[]> record : records) {
                List<Span> spans = SpanFormat.OTLP_PROTO.decoder().decode(record.value());
                assertThat(spans).isNotEmpty().allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(record.key()));
            }
        }
    }
}
