package io.queueflower.streams.topology;

import io.queueflower.avro.ReplicaStatus;
import io.queueflower.avro.ScalingDecision;
import io.queueflower.avro.ServiceWindowStats;
import io.queueflower.avro.TraceSummary;
import io.queueflower.core.algorithm.AlgorithmSettings;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.core.time.IdleClock;
import io.queueflower.core.time.UpstreamClock;
import io.queueflower.core.window.ClosedWindow;
import io.queueflower.core.window.WindowLifecycle;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps each window's traces and, when a window closes (stream time past its end plus grace), turns them into
 * {@link ServiceWindowStats} and one {@link ScalingDecision} for the namespace.
 *
 * <p>Traces are stored one per entry ({@link WindowTraces}) rather than folded into one aggregate, so a trace costs one
 * small write however many the window holds; the window's statistics are computed once, at close. Which windows are
 * closed is itself state ({@code window-progress}), written in the same transaction as the decision, so a restart
 * neither loses a window nor decides one twice.
 *
 * <p>Time here is the time every partition of the assembly stage has reached ({@link UpstreamProgress}): the latest
 * trace start each has sent, signed with its partition ({@link SourceHeaders}), or the time it reported on going
 * quiet. So a window closes only when no partition can still be carrying its traces, and the decisions are the same
 * whether the traces came through one partition or many, on one instance or several. That time is moved on by the
 * {@link IdleClock} rule when nothing has arrived for {@code window.idle.close.ms} of wall-clock time, so windows keep
 * closing (empty ones deciding on zero load) while the traffic is gone. All traces of the namespace come to the one
 * task that owns its key, so that silence is the namespace's, never one partition's; the other tasks hold no window
 * and their checks do nothing.
 */
final class WindowDecisionProcessor implements Processor<String, TraceSummary, String, SpecificRecord> {
    static final String STAGE = "decide";

    private final WindowDecisionTopology.Settings settings;
    private final WindowLifecycle lifecycle;
    private final DeploymentNames deployments;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TraceSummary> traces;
    private KeyValueStore<String, Long> progress;
    private KeyValueStore<String, String> algorithmState;
    private KeyValueStore<String, ScalingDecision> latest;
    private KeyValueStore<String, ValueAndTimestamp<ReplicaStatus>> replicas;
    private Sensor windowsClosed;
    private Sensor windowsClosedIdle;
    private Sensor lateTraces;
    private Sensor decisions;
    /**
     * The time every assembly partition has reached, or later when the input is quiet. Not the task's stream time:
     * that is one partition's, and where several stages share a task (TopologyTestDriver, replay) it is driven by span
     * end times, which run ahead of trace start times. Kept in memory only: after a restart the partitions' next
     * traces (or, in a silence, the open window's start) set it again, and windows close no earlier than they would
     * have.
     */
    private UpstreamClock clock;

    WindowDecisionProcessor(WindowDecisionTopology.Settings settings, AlgorithmSettings algorithmSettings,
                            DeploymentNames deployments) {
        this.settings = settings;
        this.lifecycle = settings.lifecycle(algorithmSettings);
        this.deployments = deployments;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        traces = context.getStateStore(WindowDecisionTopology.WINDOW_TRACES_STORE);
        progress = context.getStateStore(WindowDecisionTopology.WINDOW_PROGRESS_STORE);
        algorithmState = context.getStateStore(WindowDecisionTopology.ALGORITHM_STATE_STORE);
        latest = context.getStateStore(WindowDecisionTopology.LATEST_DECISION_STORE);
        replicas = context.getStateStore(WindowDecisionTopology.REPLICAS_STORE);
        windowsClosed = QueueFlowerMetrics.counter(context.metrics(), STAGE, "windows-closed");
        windowsClosedIdle = QueueFlowerMetrics.counter(context.metrics(), STAGE, "windows-closed-idle");
        lateTraces = QueueFlowerMetrics.counter(context.metrics(), STAGE, "late-traces");
        decisions = QueueFlowerMetrics.counter(context.metrics(), STAGE, "decisions");
        clock = new UpstreamClock(settings.upstreamPartitions(), settings.idleCloseMs());
        if (clock.idleEnabled()) {
            context.schedule(IdleClock.checkInterval(clock.idleMs()), PunctuationType.WALL_CLOCK_TIME,
                    this::closeIdle);
        }
    }

    @Override
    public void process(Record<String, TraceSummary> record) {
        TraceSummary trace = record.value();
        if (trace == null) {
            return;
        }
        boolean report = Watermarks.isWatermark(trace);
        OptionalInt source = SourceHeaders.partition(record.headers());
        long wallMs = context.currentSystemTimeMs();
        if (report && source.isPresent() && SourceHeaders.isQuiet(record.headers())) {
            clock.quiet(source.getAsInt(), wallMs);
            closeDue(false);
            return;
        }
        String namespace = settings.namespace();
        long windowStart = lifecycle.windows().start(record.timestamp());
        Long closedUpTo = progress.get(namespace);
        if (closedUpTo == null || windowStart < closedUpTo && latest.get(namespace) == null) {
            // Until the first window closes, the earliest trace seen opens it: with several upstream partitions the
            // first to arrive need not be the earliest. Nothing before it is decided.
            progress.put(namespace, windowStart);
        } else if (!report) {
            WindowLifecycle.TracePlacement placement = lifecycle.place(record.timestamp(), closedUpTo);
            if (placement.late()) {
                // Not input for the idle rule either: a trickle of late traces must not hold windows open.
                lateTraces.record();
                placement.windowStart().ifPresent(open ->
                        traces.put(WindowTraces.key(open, namespace, trace.getTraceId()), trace));
                return;
            }
        }
        clock.heard(source, record.timestamp(), wallMs);
        // The trace's own window is never due at its own timestamp.
        closeDue(false);
        if (!report) {
            traces.put(WindowTraces.key(windowStart, namespace, trace.getTraceId()), trace);
        }
    }

    /** Wall-clock punctuation: moves time on when the input has been quiet, closing what that makes due. */
    private void closeIdle(long wallMs) {
        if (!clock.started()) {
            Long next = progress.get(settings.namespace());
            if (next != null) {
                // Restarted in a silence: the open window's start is a time certainly reached; wait a full idle time
                // from here, so windows close no earlier than they would have.
                clock.seed(next, wallMs);
            }
            return;
        }
        if (clock.advancedAt(wallMs)) {
            closeDue(true);
        }
    }

    /**
     * Closes, in order, every window whose end plus grace is at or before the time reached.
     *
     * @param idle true when the time is the wall clock's stand-in for a quiet input (counted apart)
     */
    private void closeDue(boolean idle) {
        String namespace = settings.namespace();
        Long next = progress.get(namespace);
        if (next == null || !clock.started()) {
            return;
        }
        long streamTime = clock.eventTimeMs();
        long windowStart = next;
        for (int due = lifecycle.dueCount(next, streamTime); due > 0; due--) {
            close(namespace, windowStart);
            windowStart += settings.windowSizeMs();
            progress.put(namespace, windowStart);
            if (idle) {
                windowsClosedIdle.record();
            }
        }
    }

    private void close(String namespace, long windowStart) {
        ClosedWindow closed = lifecycle.close(WindowTraces.accumulate(traces, namespace, windowStart, lifecycle),
                currentReplicas(namespace), AlgorithmStateCodec.decode(algorithmState.get(namespace)));
        long stamp = closed.endMs() - 1;
        for (ServiceWindowStats stats : closed.statsRecords()) {
            context.forward(new Record<>(stats.getService() + '|' + stats.getFlow(), stats, stamp));
        }
        ScalingDecision decision = closed.decisionRecord(namespace, System.currentTimeMillis(), deployments);
        algorithmState.put(namespace, AlgorithmStateCodec.encode(closed.decision().nextState()));
        // The window before stays until now for queries of the latest closed window (/stats).
        WindowTraces.forget(traces, namespace, windowStart - settings.windowSizeMs());
        latest.put(namespace, decision);
        context.forward(new Record<>(namespace, decision, stamp));
        windowsClosed.record();
        decisions.record();
    }

    /** Service → spec replicas from qf.replicas, for the Deployments of this namespace that map to a service. */
    private Map<String, Integer> currentReplicas(String namespace) {
        Map<String, Integer> current = new TreeMap<>();
        String prefix = namespace + "/";
        try (KeyValueIterator<String, ValueAndTimestamp<ReplicaStatus>> it = replicas.all()) {
            while (it.hasNext()) {
                KeyValue<String, ValueAndTimestamp<ReplicaStatus>> kv = it.next();
                if (kv.value == null || !kv.key.startsWith(prefix)) {
                    continue;
                }
                ReplicaStatus status = kv.value.value();
                deployments.serviceOf(status.getDeployment())
                        .ifPresent(service -> current.put(service, status.getSpecReplicas()));
            }
        }
        return current;
    }

}
