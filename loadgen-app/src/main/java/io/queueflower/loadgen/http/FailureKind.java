package io.queueflower.loadgen.http;

/** How a request can fail; non-2xx responses are counted as {@code status-<code>}. */
public final class FailureKind {
    /** No complete response within {@code --timeout} (connection set-up included). */
    public static final String TIMEOUT = "timeout";
    /** The connection could not be opened. */
    public static final String CONNECT = "connect";
    /** The server closed the connection before the response was complete. */
    public static final String CLOSED = "connection-closed";
    /** A socket error or a response that could not be parsed. */
    public static final String IO = "io-error";

    private FailureKind() {
    }

    public static String status(int code) {
        return "status-" + code;
    }

    public static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }
}
