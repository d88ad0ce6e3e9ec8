package io.queueflower.schemas.registry;

/** No registry URL could be reached (connection refused, timeout, DNS failure). */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, String registryUrl, String subject, Throwable cause) {
        super(message, registryUrl, subject, NONE, NONE, cause);
    }

    @Override
    public SchemaRegistryUnavailableException withHint(String hint) {
        return new SchemaRegistryUnavailableException(getMessage() + hint, registryUrl(), subject(), this);
    }
}
