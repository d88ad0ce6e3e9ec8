package io.queueflower.core.scaling;

/** A failed call to the cluster, classified by what the scaler should do about it. */
public class ReplicaTargetException extends Exception {
    /** Why a call failed. */
    public enum Kind {
        /** The Deployment (or another object) does not exist: report and skip. */
        NOT_FOUND(false),
        /** RBAC forbids the call: report and skip; retrying cannot help. */
        FORBIDDEN(false),
        /** The object changed since it was read (409): re-read and retry. */
        CONFLICT(true),
        /** The API server throttles us (429): back off and retry. */
        THROTTLED(true),
        /** The API server failed (5xx): back off and retry. */
        SERVER_ERROR(true),
        /** No answer in time, or the connection failed: back off and retry. */
        TIMEOUT(true),
        /** Any other rejection (400, 422, ...): report; retrying the same request cannot help. */
        REJECTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public ReplicaTargetException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ReplicaTargetException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
