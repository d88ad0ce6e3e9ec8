package io.queueflower.streams.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.queueflower.streams.output.AtomicTextOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Window reports as JSON lines, to a file replaced atomically on {@link #commit()} or to a stream. */
public final class WindowReportWriter implements AutoCloseable {
    private static final ObjectWriter JSON = new ObjectMapper().writerFor(WindowReport.class);

    private final AtomicTextOutput out;

    private WindowReportWriter(AtomicTextOutput out) {
        this.out = out;
    }

    public static WindowReportWriter toFile(Path target) throws IOException {
        return new WindowReportWriter(AtomicTextOutput.toFile(target));
    }

    public static WindowReportWriter toStream(OutputStream stream) {
        return new WindowReportWriter(AtomicTextOutput.toStream(stream));
    }

    public void write(WindowReport report) throws IOException {
        out.line(JSON.writeValueAsString(report));
    }

    /** Flushes and, for a file, puts it in place. */
    public void commit() throws IOException {
        out.commit();
    }

    /** Closes; an uncommitted temporary file is deleted. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
