package io.queueflower.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry could not answer, or answered with an error.
 *
 * <p>It is a Kafka {@link SerializationException} because that is what a serializer is expected to throw: producers
 * and Kafka Streams' exception handlers treat it as a failure of this record, not of the client.
 */
public class SchemaRegistryException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** Stands for "no HTTP status" / "no registry error code". */
    public static final int NONE = -1;

    private final String registryUrl;
    private final String subject;
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, String registryUrl, String subject, int httpStatus, int errorCode,
                                   Throwable cause) {
        super(message, cause);
        this.registryUrl = registryUrl;
        this.subject = subject;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The registry URL(s) asked, without credentials. */
    public String registryUrl() {
        return registryUrl;
    }

    /** The subject the request was about, or null (e.g. a lookup by id). */
    public String subject() {
        return subject;
    }

    /** HTTP status of the refusal, or {@link #NONE} when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40401 subject not found, 409 incompatible), or {@link #NONE}. */
    public int errorCode() {
        return errorCode;
    }

    /** Same failure, with {@code hint} appended to the message; keeps the type so callers can still catch it. */
    public SchemaRegistryException withHint(String hint) {
        return new SchemaRegistryException(getMessage() + hint, registryUrl, subject, httpStatus, errorCode, this);
    }
}
