package io.queueflower.streams.output;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FilterOutputStream;
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

/**
 * UTF-8 text output of the offline commands, all or nothing: to a file, everything goes to a temporary file in the
 * same directory that is renamed over the target only on {@link #commit()}, so a failed run leaves neither partial
 * output nor a damaged earlier file; to a stream (standard output), lines go straight out and the stream stays open.
 */
public final class AtomicTextOutput implements Closeable {
    private final Writer out;
    private final Path temporary;
    private final Path target;
    private boolean committed;
    private boolean closed;

    private AtomicTextOutput(Writer out, Path temporary, Path target) {
        this.out = out;
        this.temporary = temporary;
        this.target = target;
    }

    public static AtomicTextOutput toFile(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes the file private (0600); the output is an ordinary data file.
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return new AtomicTextOutput(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temporary),
                    StandardCharsets.UTF_8), 1 << 16), temporary, absolute);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** A stream cannot take lines back: on failure what was written stays, and the exit status tells. */
    public static AtomicTextOutput toStream(OutputStream stream) {
        OutputStream keepOpen = new FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
        return new AtomicTextOutput(new BufferedWriter(new OutputStreamWriter(keepOpen, StandardCharsets.UTF_8),
                1 << 16), null, null);
    }

    /** Writes one line (a newline is added). */
    public void line(String text) throws IOException {
        out.write(text);
        out.write('\n');
    }

    /** Flushes and, for a file, puts it in place. */
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

    /** Closes; an uncommitted temporary file is deleted. */
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
}
