package io.queueflower.simulator.model;

/** A model file that cannot be used; the message names the file and the path of the offending entry. */
public final class ModelFormatException extends IllegalArgumentException {
    private final String where;

    public ModelFormatException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
    }

    public ModelFormatException(String where, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
    }

    /** File and path of the entry, e.g. {@code model.yaml: flows[1].root.calls[0].service}. */
    public String where() {
        return where;
    }
}
