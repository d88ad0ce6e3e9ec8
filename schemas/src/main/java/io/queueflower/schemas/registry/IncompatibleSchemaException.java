package io.queueflower.schemas.registry;

/** The registry refused to register a schema because it breaks the subject's compatibility rule (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message, String registryUrl, String subject, int httpStatus,
                                       int errorCode, Throwable cause) {
        super(message, registryUrl, subject, httpStatus, errorCode, cause);
    }

    @Override
    public IncompatibleSchemaException withHint(String hint) {
        return new IncompatibleSchemaException(getMessage() + hint, registryUrl(), subject(), httpStatus(),
                errorCode(), this);
    }
}
