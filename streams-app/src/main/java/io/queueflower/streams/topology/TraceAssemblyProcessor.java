package io.queueflower.streams.topology;

import io.queueflower.avro.Span;
import io.queueflower.avro.TraceSummary;
import io.queueflower.avro.internal.SpanChunk;
import io.queueflower.avro.internal.TraceMeta;
import io.queueflower.core.time.IdleClock;
import io.queueflower.core.time.UpstreamClock;
import io.queueflower.core.trace.TraceCompletion;
import io.queueflower.core.trace.TraceSummaries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Sensor;
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
 * <p>State is per trace, not per span: a small {@link TraceMeta} and the spans in {@link SpanChunk}s of up to
 * {@value #CHUNK_SPANS} ({@code traceId|chunk}), both in {@link WriteBackStore}s, so a trace reaches RocksDB and the
 * changelog once per commit in which it changed (once in all, when its spans arrive together), a span costs a bounded
 * write however large its trace grows (only the last chunk changes), and emission reads the trace's few chunks
 * instead of scanning one entry per span and writing a tombstone for each. The index of due times is derived state,
 * in memory, rebuilt from the metas at start: each check (once a second of span time) reads only the traces that are
 * due, and the index costs no changelog. After emission the meta entry stays (without spans) for {@code maxWait}, so a
 * span arriving late is recognised, counted in a metric and reported in the next summary's {@code lateSpans} — never
 * silently dropped, and never counted as a second trace.
 *
 * <p>When no span has arrived for {@code flushIdle} of wall-clock time, time here moves with the wall clock
 * ({@link IdleClock}) and the traces it makes due are let out: the last traces before the traffic stopped would
 * otherwise wait for spans that do not come, and miss the window that the window stage closes on the same silence.
 */
final class TraceAssemblyProcessor implements Processor<String, Span, String, TraceSummary> {
    static final String STAGE = "assembly";
    private static final String LATE_KEY = "late-spans";
    private static final long DUE_CHECK_MS = 1_000;
    /**
     * Spans per chunk: large enough that a typical trace is one chunk (one write per commit), small enough that a
     * span added to a very large trace rewrites at most this many.
     */
    static final int CHUNK_SPANS = 64;
    /** The upstream source that stands for writers of qf.spans other than the decoding stage. */
    private static final int OTHER_WRITERS = 0;

    private final TraceAssemblyTopology.Names stores;
    private final TraceCompletion completion;
    private final long flushIdleMs;
    private final int upstreamPartitions;
    private final boolean spansCarryTime;

    private ProcessorContext<String, TraceSummary> context;
    private KeyValueStore<String, SpanChunk> chunks;
    private KeyValueStore<String, TraceMeta> metas;
    private KeyValueStore<String, Long> counters;
    /** Due-time index ({@link #deadlineKey}), derived from the metas: rebuilt at start, so never logged. */
    private final NavigableSet<String> deadlines = new TreeSet<>();
    /** Span ids of the traces held, for duplicates; derived from the chunks, filled again after a restart. */
    private final Map<String, Set<String>> spanIds = new HashMap<>();
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
        chunks = context.getStateStore(stores.chunks());
        metas = context.getStateStore(stores.metas());
        counters = context.getStateStore(stores.counters());
        assembled = QueueFlowerMetrics.counter(context.metrics(), STAGE, "traces-assembled");
        late = QueueFlowerMetrics.counter(context.metrics(), STAGE, "late-spans");
        duplicates = QueueFlowerMetrics.counter(context.metrics(), STAGE, "duplicate-spans");
        assembledIdle = QueueFlowerMetrics.counter(context.metrics(), STAGE, "traces-assembled-idle");

        partition = context.taskId().partition();
        startedAtWallMs = context.currentSystemTimeMs();
        pending = indexHeldTraces();
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
        boolean first = meta == null;
        if (!spanIdsOf(traceId, meta).add(span.getSpanId())) {
            duplicates.record();
            return;
        }
        if (first) {
            meta = new TraceMeta(now, now, 0, false, 0L, null);
            pending++;
        }
        int index = meta.getSpanCount();
        String chunkKey = chunkKey(traceId, index / CHUNK_SPANS);
        SpanChunk chunk = index % CHUNK_SPANS == 0 ? new SpanChunk(new ArrayList<>()) : chunks.get(chunkKey);
        chunk.getSpans().add(span);
        chunks.put(chunkKey, chunk);
        boolean root = span.getParentSpanId() == null;
        meta.setSpanCount(index + 1);
        meta.setLastSeenMs(Math.max(meta.getLastSeenMs(), now));
        meta.setFirstSeenMs(Math.min(meta.getFirstSeenMs(), now));
        meta.setRootSeen(meta.getRootSeen() || root);
        if (completion.full(meta.getSpanCount())) {
            if (!first) {
                deadlines.remove(deadlineKey(meta.getDeadlineMs(), traceId));
            }
            emit(traceId, meta, now);
            return;
        }
        // The index entry may be early but never late: an early one is re-filed by the check that finds it
        // (emitDue), so only a deadline that moved earlier (the root arriving) rewrites it.
        long due = completion.dueMs(meta.getFirstSeenMs(), meta.getLastSeenMs(), meta.getRootSeen());
        if (first || due < meta.getDeadlineMs()) {
            if (!first) {
                deadlines.remove(deadlineKey(meta.getDeadlineMs(), traceId));
            }
            meta.setDeadlineMs(due);
            deadlines.add(deadlineKey(due, traceId));
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
        NavigableSet<String> dueKeys = deadlines.headSet(deadlineKey(streamTime, "~"), true);
        List<String> due = new ArrayList<>(dueKeys);
        dueKeys.clear();
        for (String key : due) {
            String traceId = traceIdOf(key);
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
                deadlines.add(deadlineKey(actual, traceId));
            } else {
                emit(traceId, meta, streamTime);
                if (idle) {
                    assembledIdle.record();
                }
            }
        }
    }

    private void emit(String traceId, TraceMeta meta, long now) {
        List<Span> traceSpans = spansOf(traceId, meta);
        for (int c = 0; c * CHUNK_SPANS < meta.getSpanCount(); c++) {
            chunks.delete(chunkKey(traceId, c));
        }
        spanIds.remove(traceId);
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
        deadlines.add(deadlineKey(meta.getDeadlineMs(), traceId));
    }

    /**
     * At start (after a restart the stores hold what was committed): files every trace held or remembered in the
     * due-time index, and returns how many are held and not yet let out.
     */
    private long indexHeldTraces() {
        long count = 0;
        try (KeyValueIterator<String, TraceMeta> it = metas.all()) {
            while (it.hasNext()) {
                KeyValue<String, TraceMeta> entry = it.next();
                deadlines.add(deadlineKey(entry.value.getDeadlineMs(), entry.key));
                if (entry.value.getEmittedAtMs() == null) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The trace's spans, in arrival order. */
    private List<Span> spansOf(String traceId, TraceMeta meta) {
        List<Span> all = new ArrayList<>(meta.getSpanCount());
        for (int c = 0; c * CHUNK_SPANS < meta.getSpanCount(); c++) {
            SpanChunk chunk = chunks.get(chunkKey(traceId, c));
            if (chunk != null) {
                all.addAll(chunk.getSpans());
            }
        }
        return all;
    }

    /** Span ids of a held trace ({@code meta} null: a new one), read from its chunks after a restart. */
    private Set<String> spanIdsOf(String traceId, TraceMeta meta) {
        Set<String> ids = spanIds.get(traceId);
        if (ids == null) {
            ids = new HashSet<>();
            if (meta != null) {
                for (Span s : spansOf(traceId, meta)) {
                    ids.add(s.getSpanId());
                }
            }
            spanIds.put(traceId, ids);
        }
        return ids;
    }

    static String chunkKey(String traceId, int chunk) {
        return traceId + '|' + chunk;
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

    private static String traceIdOf(String deadlineKey) {
        return deadlineKey.substring(ZEROS.length() + 1);
    }
}
