package org.fleetagent.cli;

import java.io.IOException;
import java.io.Writer;

/** Writes to a stream and to a file at once; the file is shared by stdout and stderr, so writes hold its lock. */
final class TeeWriter extends Writer {
    private final Writer stream;
    private final Writer file;

    TeeWriter(Writer stream, Writer file) {
        super(file);
        this.stream = stream;
        this.file = file;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        stream.write(buf, off, len);
        synchronized (lock) {
            file.write(buf, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        stream.flush();
        synchronized (lock) {
            file.flush();
        }
    }

    /** Flushes only: the stream is the process's, and the file is closed by whoever opened it. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
