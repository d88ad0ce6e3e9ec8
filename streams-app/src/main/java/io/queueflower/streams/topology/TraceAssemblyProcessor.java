package io.queueflower.streams.topology;

import io.queueflower.avro.Span;
import io.queueflower.avro.TraceSummary;
import io.queueflower.avro.internal.TraceMeta;
import io.queueflower.core.time.IdleClock;
import io.queueflower.core.time.UpstreamClock;
import io.queueflower.core.trace.TraceCompletion;
import io.queueflower.core.trace.TraceSummaries;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assembles traces from spans keyed by traceId. A trace is emitted as one {@link TraceSummary} when
 * {@link TraceCompletion} says it is complete (its root present and quiet for {@code idle}, or {@code maxWait} after
 * its first span, or {@code maxSpans} spans).
 *
 * <p>Three stores keep the work per span constant however large a trace grows: spans one per entry
 * ({@code traceId|spanId}), a small {@link TraceMeta} per trace (cached, so the repeated updates of a trace whose
 * spans arrive together reach RocksDB and the changelog once per commit), and a deadline index whose keys sort by
 * due time, so each check (once a second of span time) reads only the traces that are due. After emission the meta
 * entry stays (without spans) for {@code maxWait}, so a span arriving late is recognised, counted in a metric and
 * reported in the next summary's {@code lateSpans} — never silently dropped, and never counted as a second trace.
 *
 * <p>When no span has arrived for {@code flushIdle} of wall-clock time, time here moves with the wall clock
 * ({@link IdleClock}) and the traces it makes due are let out: the last traces before the traffic stopped would
 * otherwise wait for spans that do not come, and miss the window that the window stage closes on the same silence.
 */
final class TraceAssemblyProcessor implements Processor<String, Span, String, TraceSummary> {
    static final String STAGE = "assembly";
    private static final String LATE_KEY = "late-spans";
    private static final long DUE_CHECK_MS = 1_000;
    /** The upstream source that stands for writers of qf.spans other than the decoding stage. */
    private static final int OTHER_WRITERS = 0;

    private final TraceAssemblyTopology.Names stores;
    private final TraceCompletion completion;
    private final long flushIdleMs;
    private final int upstreamPartitions;
    private final boolean spansCarryTime;

    private ProcessorContext<String, TraceSummary> context;
    private KeyValueStore<String, Span> spans;
    private KeyValueStore<String, TraceMeta> metas;
    private KeyValueStore<String, String> deadlines;
    private KeyValueStore<String, Long> counters;
    private Sensor assembled;
    private Sensor late;
    private Sensor duplicates;
    private Sensor assembledIdle;
    /**
     * The spans' time: the latest span end seen, or, through qf.spans, the time every decoding partition has reached;
     * later in a silence. In memory: after a restart the task's stream time seeds it.
     */
    private UpstreamClock clock;
    /** Span time at which the due traces are next looked for. */
    private long nextDueCheckMs = Long.MIN_VALUE;
    /** This task's partition, with which everything it sends is signed for the window stage. */
    private int partition;
    /** Traces held and not yet let out: only a partition holding none may report, when quiet, that time has moved. */
    private long pending;
    private long startedAtWallMs;

    /**
     * @param upstreamPartitions decoding partitions whose progress marks come through qf.spans
     * @param spansCarryTime     spans come from this task's own decoder (input keyed by trace): their times are the
     *                           stage's time, and no marks come
     */
    TraceAssemblyProcessor(TraceAssemblyTopology.Names stores, TraceCompletion completion, long flushIdleMs,
                           int upstreamPartitions, boolean spansCarryTime) {
        this.stores = stores;
        this.completion = completion;
        this.flushIdleMs = flushIdleMs;
        // Through qf.spans: one source per decoding partition, after one for the other writers of qf.spans.
        this.upstreamPartitions = spansCarryTime ? 1 : upstreamPartitions + 1;
        this.spansCarryTime = spansCarryTime;
    }

    @Override
    public void init(ProcessorContext<String, TraceSummary> context) {
        this.context = context;
        spans = context.getStateStore(stores.spans());
        metas = context.getStateStore(stores.metas());
        deadlines = context.getStateStore(stores.deadlines());
        counters = context.getStateStore(stores.counters());
        assembled = QueueFlowerMetrics.counter(context.metrics(), STAGE, "traces-assembled");
        late = QueueFlowerMetrics.counter(context.metrics(), STAGE, "late-spans");
        duplicates = QueueFlowerMetrics.counter(context.metrics(), STAGE, "duplicate-spans");
        assembledIdle = QueueFlowerMetrics.counter(context.metrics(), STAGE, "traces-assembled-idle");

        partition = context.taskId().partition();
        startedAtWallMs = context.currentSystemTimeMs();
        pending = countPending();
        clock = new UpstreamClock(upstreamPartitions, flushIdleMs);
        // Other writers of qf.spans hold nothing back until they write; an input of its own (keyed by trace) neither:
        // nothing comes from elsewhere, so after a restart in a silence the task's stream time may seed the clock.
        clock.quiet(OTHER_WRITERS, startedAtWallMs);
        if (clock.idleEnabled()) {
            context.schedule(IdleClock.checkInterval(flushIdleMs), PunctuationType.WALL_CLOCK_TIME, this::flushIdle);
        }
    }

    /**
     * Each span, then, once a second of the stage's time, the traces that time makes due. That time is the spans' own
     * (their end times), taken from the slowest decoding partition's progress marks when spans come through qf.spans,
     * so traces are let out in the same order however the input is partitioned; not a stream-time punctuation: the
     * task's stream time is one partition's, reading an input keyed by trace it is the producer's time, which may run
     * ahead of the spans, and where stages share a task (replay) it moves before this stage has seen the spans that
     * moved it.
     */
    @Override
    public void process(Record<String, Span> record) {
        Span span = record.value();
        if (span == null) {
            return;
        }
        long wallMs = context.currentSystemTimeMs();
        if (Watermarks.isWatermark(span)) {
            OptionalInt source = SourceHeaders.partition(record.headers()).stream().map(p -> p + 1).findFirst();
            if (source.isPresent() && SourceHeaders.isQuiet(record.headers())) {
                clock.quiet(source.getAsInt(), wallMs);
            } else {
                clock.heard(source, record.timestamp(), wallMs);
            }
            if (source.isEmpty()) {
                // A watermark from outside (replay's last record): emit what it makes due, then pass it on, so it
                // arrives downstream after them.
                emitDue(clock.eventTimeMs(), false);
                context.forward(new Record<>(Watermarks.TRACE_ID, Watermarks.summary(record.timestamp()),
                        record.timestamp(), SourceHeaders.of(partition)));
                return;
            }
        } else {
            accept(record);
            // Through qf.spans, the decoding partitions' marks keep time; a span's own time counts for the writers
            // of qf.spans that send no marks (ingest --topic qf.spans), and holds nothing back beyond the marks.
            clock.heard(spansCarryTime ? OptionalInt.empty() : OptionalInt.of(OTHER_WRITERS), record.timestamp(),
                    wallMs);
        }
        if (clock.started() && clock.eventTimeMs() >= nextDueCheckMs) {
            long now = clock.eventTimeMs();
            emitDue(now, false);
            nextDueCheckMs = now - Math.floorMod(now, DUE_CHECK_MS) + DUE_CHECK_MS;
        }
    }

    private void accept(Record<String, Span> record) {
        Span span = record.value();
        long now = record.timestamp();
        String traceId = span.getTraceId();
        TraceMeta meta = metas.get(traceId);
        if (meta != null && meta.getEmittedAtMs() != null) {
            counters.put(LATE_KEY, lateSoFar() + 1);
            late.record();
            return;
        }
        String spanKey = traceId + '|' + span.getSpanId();
        if (spans.get(spanKey) != null) {
            duplicates.record();
            return;
        }
        spans.put(spanKey, span);
        boolean root = span.getParentSpanId() == null;
        boolean first = meta == null;
        if (first) {
            meta = new TraceMeta(now, now, 0, false, 0L, null);
            pending++;
        }
        meta.setSpanCount(meta.getSpanCount() + 1);
        meta.setLastSeenMs(Math.max(meta.getLastSeenMs(), now));
        meta.setFirstSeenMs(Math.min(meta.getFirstSeenMs(), now));
        meta.setRootSeen(meta.getRootSeen() || root);
        if (completion.full(meta.getSpanCount())) {
            if (!first) {
                deadlines.delete(deadlineKey(meta.getDeadlineMs(), traceId));
            }
            emit(traceId, meta, now);
            return;
        }
        // The index entry may be early but never late: an early one is re-filed by the punctuation that finds it
        // (emitDue), so only a deadline that moved earlier (the root arriving) rewrites the index. Rewriting it for
        // every span cost two store writes and two changelog records per span, the largest share of this stage.
        long due = completion.dueMs(meta.getFirstSeenMs(), meta.getLastSeenMs(), meta.getRootSeen());
        if (first || due < meta.getDeadlineMs()) {
            if (!first) {
                deadlines.delete(deadlineKey(meta.getDeadlineMs(), traceId));
            }
            meta.setDeadlineMs(due);
            deadlines.put(deadlineKey(due, traceId), traceId);
        }
        metas.put(traceId, meta);
    }

    /**
     * Wall-clock punctuation: in a silence, lets out the traces that time moving with the wall clock makes due, and
     * then, holding none, tells the window stage so at every check, so that a quiet partition does not hold back
     * windows that the other partitions' traffic closes. A partition that holds nothing and has not yet heard from every
     * decoding partition says so too, once its task has run for the idle time.
     */
    private void flushIdle(long wallMs) {
        if (!clock.started()) {
            long streamTime = context.currentStreamTimeMs();
            if (streamTime >= 0) {
                // Restarted in a silence: the task's stream time (kept with its committed offsets) is the latest
                // span time; wait a full idle time from here. Only once every decoding partition has said it is
                // quiet (seed): that stream time is the fastest partition's.
                clock.seed(streamTime, wallMs);
            } else if (pending == 0 && wallMs - startedAtWallMs >= flushIdleMs) {
                // Not heard from every decoding partition yet, and holding nothing: nothing of it can be late.
                reportQuiet(wallMs);
            }
            return;
        }
        if (clock.advancedAt(wallMs)) {
            emitDue(clock.eventTimeMs(), true);
            if (pending == 0) {
                reportQuiet(clock.eventTimeMs());
            }
        }
    }

    private void reportQuiet(long timeMs) {
        context.forward(new Record<>(Watermarks.TRACE_ID, Watermarks.summary(timeMs), timeMs,
                SourceHeaders.quiet(partition)));
    }

    /**
     * Emits every trace due at {@code streamTime}, and forgets emitted traces whose late period is over.
     *
     * @param idle true when the time is the wall clock's stand-in for a quiet input (counted apart)
     */
    private void emitDue(long streamTime, boolean idle) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = deadlines.range(deadlineKey(0, ""), deadlineKey(streamTime, "~"))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            deadlines.delete(entry.key);
            String traceId = entry.value;
            TraceMeta meta = metas.get(traceId);
            if (meta == null) {
                continue;
            }
            if (meta.getEmittedAtMs() != null) {
                metas.delete(traceId);
                continue;
            }
            long actual = completion.dueMs(meta.getFirstSeenMs(), meta.getLastSeenMs(), meta.getRootSeen());
            if (actual > streamTime) {
                // Filed early (spans arrived after the entry was written): re-file at the real deadline.
                meta.setDeadlineMs(actual);
                metas.put(traceId, meta);
                deadlines.put(deadlineKey(actual, traceId), traceId);
            } else {
                emit(traceId, meta, streamTime);
                if (idle) {
                    assembledIdle.record();
                }
            }
        }
    }

    private void emit(String traceId, TraceMeta meta, long now) {
        List<Span> traceSpans = new ArrayList<>(meta.getSpanCount());
        List<String> keys = new ArrayList<>(meta.getSpanCount());
        try (KeyValueIterator<String, Span> it = spans.prefixScan(traceId + '|', new StringSerializer())) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                traceSpans.add(kv.value);
            });
        }
        keys.forEach(spans::delete);
        long lateSpans = lateSoFar();
        if (lateSpans > 0) {
            counters.delete(LATE_KEY);
        }
        TraceSummary summary = TraceSummaries.summarise(traceSpans, (int) Math.min(Integer.MAX_VALUE, lateSpans),
                now * 1000);
        context.forward(new Record<>(traceId, summary, summary.getStartMicros() / 1000, SourceHeaders.of(partition)));
        assembled.record();
        pending--;
        meta.setEmittedAtMs(now);
        meta.setDeadlineMs(completion.rememberedUntilMs(now));
        metas.put(traceId, meta);
        deadlines.put(deadlineKey(meta.getDeadlineMs(), traceId), traceId);
    }

    /** Traces held and not yet let out, counted once at start (after a restart the store holds them). */
    private long countPending() {
        long count = 0;
        try (KeyValueIterator<String, TraceMeta> it = metas.all()) {
            while (it.hasNext()) {
                if (it.next().value.getEmittedAtMs() == null) {
                    count++;
                }
            }
        }
        return count;
    }

    private long lateSoFar() {
        Long count = counters.get(LATE_KEY);
        return count == null ? 0 : count;
    }

    private static final String ZEROS = "00000000000000000000";

    /** Zero-padded to 20 digits so that keys sort by due time, then trace id (String.format was a hot spot). */
    static String deadlineKey(long deadlineMs, String traceId) {
        String digits = Long.toString(Math.max(0, deadlineMs));
        return ZEROS.substring(digits.length()) + digits + '|' + traceId;
    }
}
