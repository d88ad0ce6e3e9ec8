package io.queueflower.core.scaling;

/**
 * Leadership was lost while a decision was being handled: the decision is abandoned unfinished, its offset is not
 * committed, and the next leader handles it again (targets are absolute, so that is harmless).
 */
public class LeadershipLostException extends Exception {
    public LeadershipLostException() {
        super("leadership lost; decision abandoned for the next leader");
    }
}
