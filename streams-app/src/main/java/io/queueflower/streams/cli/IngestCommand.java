package io.queueflower.streams.cli;

import io.queueflower.streams.decode.SpanDecodeException;
import io.queueflower.streams.decode.SpanFormat;
import io.queueflower.streams.ingest.JsonLinesSpanSink;
import io.queueflower.streams.ingest.SpanIngestion;
import io.queueflower.streams.ingest.SpanSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ingest}: decodes a file of Jaeger / OTLP spans into canonical spans. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {
                "Decodes spans in any Jaeger or OpenTelemetry format into canonical spans and",
                "writes them as JSON lines whose keys are the Avro Span fields.",
                "",
                "Input framing by format:",
                "  jaeger-json, otlp-json    one record per line; blank lines are skipped",
                "  jaeger-ui                 the whole input is one JSON document",
                "                            {\"data\":[trace...]}",
                "  jaeger-proto, otlp-proto  length-prefixed: every record is a 4-byte",
                "                            big-endian unsigned length, then that many bytes",
                "                            of protobuf (at most 64 MiB)",
                "  auto                      input starting with whitespace, '{' or '[' is",
                "                            JSON: one record per line if the first line is",
                "                            complete JSON, else one document; anything else",
                "                            is length-prefixed protobuf. The format of each",
                "                            record is then detected on its own.",
                ""},
        footer = {
                "",
                "Exit status: 0 when every record decoded; 1 when a record was rejected or a",
                "file could not be read or written (the message names the record number and",
                "its line or byte offset, and no output file is left behind); 2 for bad options."})
public final class IngestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|-",
            description = "File to read, or - for standard input.")
    private String input;

    @Option(names = {"-f", "--format"}, defaultValue = "auto", paramLabel = "FORMAT",
            converter = FormatConverter.class, completionCandidates = FormatNames.class,
            description = "Span format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private SpanFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-",
            description = "Where to write the JSON lines: a file (replaced only when all input decoded) or - for "
                    + "standard output (the default).")
    private String output;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Produce the spans to Kafka instead: Avro (Confluent wire format) keyed by traceId, "
                    + "in one transaction committed only when every record decoded.")
    private String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Kafka topic for --bootstrap-servers, e.g. qf.spans.")
    private String topic;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry for --bootstrap-servers (Confluent API, e.g. "
                    + "http://registry:8080/apis/ccompat/v7).")
    private String schemaRegistryUrl;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "Extra producer or serde setting for --bootstrap-servers (repeatable), e.g. "
                    + "security.protocol=SASL_SSL.")
    private java.util.Map<String, String> producerProperties = new java.util.LinkedHashMap<>();

    private final OutputStream standardOutput;

    public IngestCommand() {
        this(System.out);
    }

    /** For tests: standard output replaced by {@code standardOutput}. */
    IngestCommand(OutputStream standardOutput) {
        this.standardOutput = standardOutput;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String source = input.equals("-") ? "standard input" : input;
        try (SpanSink sink = openSink(); InputStream in = openInput()) {
            SpanIngestion.Result result = SpanIngestion.run(in, format, sink);
            sink.commit();
            err.printf("ingest: %s from %s of %s (%s)%n", count(result.spans(), "span"),
                    count(result.records(), "record"), source, format.cliName());
            err.flush();
            return 0;
        } catch (SpanDecodeException e) {
            err.println("ingest: " + source + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("ingest: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("ingest: Kafka: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private InputStream openInput() throws IOException {
        if (input.equals("-")) {
            // Standard input belongs to the process; keep it open for whoever runs after us (tests, shells).
            return new java.io.FilterInputStream(System.in) {
                @Override
                public void close() {
                }
            };
        }
        return Files.newInputStream(Path.of(input));
    }

    private SpanSink openSink() throws IOException {
        if (bootstrapServers != null || topic != null) {
            if (output != null) {
                throw new ParameterException(spec.commandLine(), "--output and --bootstrap-servers/--topic exclude "
                        + "each other: write to a file or to Kafka");
            }
            if (bootstrapServers == null || topic == null) {
                throw new ParameterException(spec.commandLine(), "--bootstrap-servers and --topic go together");
            }
            if (schemaRegistryUrl == null) {
                throw new ParameterException(spec.commandLine(), "--bootstrap-servers needs --schema-registry-url: "
                        + "the spans are Avro registered under " + topic + "-value");
            }
            java.util.Map<String, Object> client = new java.util.HashMap<>(producerProperties);
            client.put("bootstrap.servers", bootstrapServers);
            client.put("schema.registry.url", schemaRegistryUrl);
            return io.queueflower.streams.ingest.KafkaSpanSink.open(client, topic);
        }
        if (output == null || output.equals("-")) {
            return JsonLinesSpanSink.toStream(standardOutput);
        }
        return JsonLinesSpanSink.toFile(Path.of(output));
    }

    /** Picocli converter for the command-line names of {@link SpanFormat}. */
    static final class FormatConverter implements CommandLine.ITypeConverter<SpanFormat> {
        @Override
        public SpanFormat convert(String value) {
            try {
                return SpanFormat.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The format names for help and shell completion. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(SpanFormat.values()).map(SpanFormat::cliName).iterator();
        }
    }
}
