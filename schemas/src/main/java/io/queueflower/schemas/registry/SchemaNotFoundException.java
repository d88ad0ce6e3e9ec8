package io.queueflower.schemas.registry;

/** The subject, version, schema or id asked for does not exist in the registry (HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, String registryUrl, String subject, int httpStatus, int errorCode,
                                   Throwable cause) {
        super(message, registryUrl, subject, httpStatus, errorCode, cause);
    }

    @Override
    public SchemaNotFoundException withHint(String hint) {
        return new SchemaNotFoundException(getMessage() + hint, registryUrl(), subject(), httpStatus(), errorCode(),
                this);
    }
}
