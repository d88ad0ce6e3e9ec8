package io.queueflower.core.scaling;

/** Guards every write: only the current leader may change replicas. */
@FunctionalInterface
public interface WriteGate {
    WriteGate ALWAYS_OPEN = () -> true;

    boolean mayWrite();

    /** @throws LeadershipLostException when writes are no longer allowed */
    default void checkMayWrite() throws LeadershipLostException {
        if (!mayWrite()) {
            throw new LeadershipLostException();
        }
    }
}
