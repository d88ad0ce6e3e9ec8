package io.queueflower.simulator.export;

import io.queueflower.avro.Span;
import io.queueflower.streams.decode.SpanFormat;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes traces to a file framed the way the streams app's {@code ingest} command reads it: a 4-byte big-endian
 * length before each protobuf record, one JSON record per line, or one Jaeger UI document holding every trace.
 */
public final class FileTraceSink implements TraceSink {
    private final TraceEncoder encoder;
    private final DataOutputStream out;
    private final JaegerUiWriter document;
    private long records;

    public FileTraceSink(Path file, TraceEncoder encoder) throws IOException {
        this(Files.newOutputStream(file), encoder);
    }

    public FileTraceSink(OutputStream stream, TraceEncoder encoder) throws IOException {
        this.encoder = encoder;
        this.out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        this.document = encoder.format() == SpanFormat.JAEGER_UI ? new JaegerUiWriter(out, encoder.namespace()) : null;
    }

    @Override
    public void accept(List<Span> trace) throws IOException {
        if (document != null) {
            document.write(trace);
            records++;
            return;
        }
        for (byte[] record : encoder.records(trace)) {
            if (encoder.format().framing() == SpanFormat.Framing.LENGTH_PREFIXED) {
                out.writeInt(record.length);
                out.write(record);
            } else {
                out.write(record);
                out.write('\n');
            }
            records++;
        }
    }

    @Override
    public long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        if (document != null) {
            document.close();
        }
        out.close();
    }
}
