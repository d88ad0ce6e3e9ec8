package io.queueflower.core.safety;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Remembers, per namespace, the newest decision window handled and the ids of recent decisions, so a re-delivered
 * decision (same id) and one overtaken by a newer window are recognised and ignored.
 *
 * <p>Equal window ends with different ids are both accepted: two algorithms may legitimately decide the same window.
 */
public final class DecisionLedger {
    /** What to do with a decision. */
    public sealed interface Verdict {
        record Fresh() implements Verdict {
        }

        record Duplicate(String reason) implements Verdict {
        }

        record Stale(String reason) implements Verdict {
        }
    }

    private record NamespaceLog(long newestWindowEnd, LinkedHashSet<String> recentIds) {
    }

    private final int idsRemembered;
    private final Map<String, NamespaceLog> logs = new HashMap<>();

    public DecisionLedger(int idsRemembered) {
        if (idsRemembered < 1) {
            throw new IllegalArgumentException("must remember at least one decision id, got " + idsRemembered);
        }
        this.idsRemembered = idsRemembered;
    }

    public synchronized Verdict check(String namespace, String decisionId, long windowEnd) {
        NamespaceLog log = logs.get(namespace);
        if (log == null) {
            return new Verdict.Fresh();
        }
        if (log.recentIds().contains(decisionId)) {
            return new Verdict.Duplicate("decision " + decisionId + " was already handled");
        }
        if (windowEnd < log.newestWindowEnd()) {
            return new Verdict.Stale("decision " + decisionId + " ends its window at " + windowEnd
                    + ", before the newest handled window end " + log.newestWindowEnd() + " for namespace " + namespace);
        }
        return new Verdict.Fresh();
    }

    /** Marks a decision handled; call only once it has been fully handled. */
    public synchronized void record(String namespace, String decisionId, long windowEnd) {
        NamespaceLog log = logs.computeIfAbsent(namespace, ns -> new NamespaceLog(Long.MIN_VALUE, new LinkedHashSet<>()));
        LinkedHashSet<String> ids = log.recentIds();
        ids.remove(decisionId);
        ids.add(decisionId);
        while (ids.size() > idsRemembered) {
            ids.remove(ids.iterator().next());
        }
        logs.put(namespace, new NamespaceLog(Math.max(log.newestWindowEnd(), windowEnd), ids));
    }

    /** Forgets everything, as after losing leadership: a later leader re-reads from the committed offsets. */
    public synchronized void reset() {
        logs.clear();
    }
}
