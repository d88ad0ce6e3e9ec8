package io.queueflower.streams.ingest;

import io.queueflower.avro.Span;
import io.queueflower.streams.decode.SpanJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Canonical spans as UTF-8 JSON lines ({@link SpanJson}), to a file or to a stream such as standard output. */
public final class JsonLinesSpanSink implements SpanSink {
    private final Writer out;
    private final Path temporary;
    private final Path target;
    private boolean committed;
    private boolean closed;

    private JsonLinesSpanSink(Writer out, Path temporary, Path target) {
        this.out = out;
        this.temporary = temporary;
        this.target = target;
    }

    /**
     * Writes to a temporary file next to {@code target} and renames it over {@code target} on commit, so a failed run
     * leaves neither a partial file nor a damaged earlier one.
     */
    public static JsonLinesSpanSink toFile(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes the file private (0600); the output is an ordinary data file.
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temporary),
                    StandardCharsets.UTF_8), 1 << 16);
            return new JsonLinesSpanSink(writer, temporary, absolute);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /**
     * Writes straight to {@code stream} (not closed by this sink). A stream cannot take lines back, so on failure the
     * lines already written stay; callers report the failure by exit status.
     */
    public static JsonLinesSpanSink toStream(OutputStream stream) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(new NonClosing(stream), StandardCharsets.UTF_8), 1 << 16);
        return new JsonLinesSpanSink(writer, null, null);
    }

    @Override
    public void write(Span span) throws IOException {
        out.write(SpanJson.toJson(span));
        out.write('\n');
    }

    @Override
    public void commit() throws IOException {
        out.flush();
        if (target != null) {
            out.close();
            closed = true;
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!closed) {
                closed = true;
                out.close();
            }
        } finally {
            if (temporary != null && !committed) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Keeps standard output open when the writer around it is closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
