package io.queueflower.scaler.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.queueflower.core.scaling.ReplicaTargetException;
import io.queueflower.core.scaling.ReplicaTargetException.Kind;

/** Classifies fabric8's exceptions into what the safety core does about them. */
final class ApiErrors {
    private ApiErrors() {
    }

    static ReplicaTargetException classify(String what, KubernetesClientException e) {
        int code = e.getCode();
        Kind kind;
        if (code == 404) {
            kind = Kind.NOT_FOUND;
        } else if (code == 401 || code == 403) {
            kind = Kind.FORBIDDEN;
        } else if (code == 409) {
            kind = Kind.CONFLICT;
        } else if (code == 429) {
            kind = Kind.THROTTLED;
        } else if (code >= 500) {
            kind = Kind.SERVER_ERROR;
        } else if (code <= 0) {
            // No HTTP status at all: the request timed out or the connection failed.
            kind = Kind.TIMEOUT;
        } else {
            kind = Kind.REJECTED;
        }
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : rootMessage(e);
        return new ReplicaTargetException(kind, what + ": " + (code > 0 ? "HTTP " + code + " " : "") + detail, e);
    }

    static ReplicaTargetException notFound(String what) {
        return new ReplicaTargetException(Kind.NOT_FOUND, what + ": not found");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
