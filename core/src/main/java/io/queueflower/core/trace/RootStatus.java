package io.queueflower.core.trace;

/**
 * Decides whether a trace failed, from its root span: the trace is an error when the root carries the error flag or a
 * status outside 200-299.
 *
 * <p>{@code Span.statusCode} holds the HTTP status when there is one, else the gRPC status code. The two ranges never
 * overlap (gRPC codes are 0-16, HTTP codes 100-599), so a code below 100 is read as gRPC, where only 0 (OK) is a
 * success; reading it as HTTP would flag every successful gRPC root as a non-2xx error.
 */
public final class RootStatus {
    private static final int FIRST_HTTP_CODE = 100;

    private RootStatus() {
    }

    /** True when a root span with this error flag and status code makes its trace an error. */
    public static boolean isError(boolean errorFlag, Integer statusCode) {
        if (errorFlag) {
            return true;
        }
        if (statusCode == null) {
            return false;
        }
        if (statusCode < FIRST_HTTP_CODE) {
            return statusCode != 0;
        }
        return statusCode < 200 || statusCode > 299;
    }
}
