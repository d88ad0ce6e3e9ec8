package io.queueflower.schemas.registry;

/** Where HTTP basic-auth credentials for the registry come from ({@code basic.auth.credentials.source}). */
public enum BasicAuthSource {
    /** The {@code user:password@} part of each registry URL, if it has one. */
    URL,
    /** The {@code basic.auth.user.info} setting, for every registry URL. */
    USER_INFO
}
