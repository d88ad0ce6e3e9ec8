package io.queueflower.bench.pipeline;

import io.queueflower.bench.data.SyntheticTraces;
import io.queueflower.bench.report.Figure;
import io.queueflower.bench.report.Machine;
import io.queueflower.bench.report.SuiteReport;
import io.queueflower.streams.app.StreamsApp;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole streams app on the in-process broker, in four phases, each on its own fresh broker except the first two,
 * which share one so that the ceiling and the pipeline read the very same records:
 *
 * <ol>
 *   <li><b>passthrough</b>: a plain consumer → producer copy of the backlog (the ceiling for anything that reads and
 *   writes these records on this broker and these cores);</li>
 *   <li><b>pipeline</b>: the app (ingest → assembly → window stats → decisions, exactly-once as deployed) over the same
 *   backlog; spans/s from the first span decoded to the decision that covers the last trace;</li>
 *   <li><b>memory</b>: N traces held in flight (roots withheld, so none can be assembled), then heap after a full GC
 *   and RocksDB's own memory accounting;</li>
 *   <li><b>latency</b>: live traffic with event time = wall clock, and for every window the time from the production
 *   of the record that closes it to the decision becoming visible on qf.decisions.</li>
 * </ol>
 *
 * <pre>java -Xmx2g -cp benchmarks/target/benchmarks.jar io.queueflower.bench.pipeline.PipelineHarness [--out f.json]</pre>
 */
@Command(name = "pipeline-harness", mixinStandardHelpOptions = true,
        description = "End-to-end throughput, memory and decision latency of the streams app on an in-process broker.")
public final class PipelineHarness implements Callable<Integer> {
    static final double TARGET_SPANS_PER_S = 100_000;
    static final double TARGET_RATIO = 0.3;
    static final double TARGET_P99_MS = 1_000;

    @Option(names = "--traces", defaultValue = "40000", description = "Backlog traces (8 spans each) for the throughput phases.")
    int traces;
    @Option(names = "--event-rate", defaultValue = "4000", description = "Traces per second of event time in the backlog.")
    int eventRate;
    @Option(names = "--in-flight", defaultValue = "10000", description = "Traces held open in the memory phase.")
    int inFlight;
    @Option(names = "--live-rate", defaultValue = "0",
            description = "Spans/s offered in the latency phase; 0: half the pipeline's measured throughput (5000 when not measured).")
    int liveRate;
    @Option(names = "--live-seconds", defaultValue = "40", description = "Length of the latency phase.")
    int liveSeconds;
    @Option(names = "--partitions", defaultValue = "1", description = "Partitions of the input and qf.* topics.")
    int partitions;
    @Option(names = "--threads", defaultValue = "1", description = "num.stream.threads of the app.")
    int threads;
    @Option(names = "--layouts", split = ",", paramLabel = "PxT",
            description = "Run the throughput phases once per layout, partitions x stream threads (e.g. 1x1,4x2), "
                    + "each beside its own pass-through; default: --partitions x --threads.")
    List<String> layouts;
    @Option(names = "--guarantee", defaultValue = "exactly_once_v2", description = "processing.guarantee of the app.")
    String guarantee;
    @Option(names = "--format", defaultValue = "otlp-proto", description = "input.format of the app.")
    String format;
    @Option(names = "--phases", split = ",", defaultValue = "passthrough,pipeline,memory,latency")
    List<String> phases;
    @Option(names = "--pipeline-timeout-minutes", defaultValue = "8")
    int pipelineTimeoutMinutes;
    @Option(names = "--app", paramLabel = "KEY=VALUE",
            description = "A streams app setting for every phase (repeatable), e.g. input.keyed.by.trace=true.")
    Map<String, String> appSettings = new java.util.TreeMap<>();
    @Option(names = "--out", description = "Write the figures as JSON here.")
    Path out;

    private final SuiteReport report = new SuiteReport("pipeline", "java -Xmx2g -cp benchmarks/target/benchmarks.jar "
            + PipelineHarness.class.getName());
    private final long started = System.nanoTime();
    /** Appended to the throughput figures' ids when a run measures several layouts: {@code [4x2]}. */
    private String figureSuffix = "";

    public static void main(String[] args) {
        io.queueflower.bench.report.HarnessLogging.quiet();
        System.exit(new CommandLine(new PipelineHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        report.note(String.format(Locale.ROOT, "config: %d backlog traces x %d spans, event rate %d traces/s, "
                        + "layouts (partitions x stream threads) %s, %s, input %s; window %d ms, grace %d ms, trace idle "
                        + "%d ms", traces, SyntheticTraces.SPANS_PER_TRACE, eventRate,
                layouts == null || layouts.isEmpty() ? partitions + "x" + threads : String.join(",", layouts),
                guarantee, format + (appSettings.isEmpty() ? "" : ", app " + appSettings),
                Rig.WINDOW_MS, Rig.GRACE_MS, Rig.IDLE_MS));
        double pipelineSpansPerS = Double.NaN;
        if (phases.contains("passthrough") || phases.contains("pipeline")) {
            List<String> runs = layouts == null || layouts.isEmpty() ? List.of(partitions + "x" + threads) : layouts;
            int defaultPartitions = partitions;
            int defaultThreads = threads;
            for (String layout : runs) {
                String[] parts = layout.trim().split("x");
                if (parts.length != 2) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--layouts: '" + layout
                            + "' is not PARTITIONSxTHREADS (e.g. 4x2)");
                }
                partitions = Integer.parseInt(parts[0]);
                threads = Integer.parseInt(parts[1]);
                figureSuffix = runs.size() == 1 && partitions == 1 && threads == 1 ? "" : "[" + layout.trim() + "]";
                double spansPerS = throughput();
                if (Double.isNaN(pipelineSpansPerS)) {
                    pipelineSpansPerS = spansPerS;
                }
            }
            partitions = defaultPartitions;
            threads = defaultThreads;
            figureSuffix = "";
        }
        if (phases.contains("memory")) {
            memory();
        }
        if (phases.contains("latency")) {
            int rate = liveRate > 0 ? liveRate : Double.isNaN(pipelineSpansPerS) ? 5000 : (int) (pipelineSpansPerS / 2);
            latency(rate);
        }
        report.finish(out);
        return 0;
    }

    // ---------------------------------------------------------------------------------------------- throughput

    /** Closer traces sent after the backlog (enough to reach every partition twice). */
    private long closers;

    /**
     * Trace numbers from {@code from} on that between them land on every input partition (the producer hashes the
     * raw trace id it is keyed by) and every qf.spans partition (the decoder keys spans by the id's hex string).
     */
    private List<Long> closers(long from) {
        Set<Integer> input = new HashSet<>();
        Set<Integer> spans = new HashSet<>();
        List<Long> chosen = new ArrayList<>();
        for (long n = from; input.size() < partitions || spans.size() < partitions; n++) {
            byte[] id = SyntheticTraces.traceId(n, 1);
            int inputPartition = Utils.toPositive(Utils.murmur2(id)) % partitions;
            int spansPartition = Utils.toPositive(Utils.murmur2(
                    HexFormat.of().formatHex(id).getBytes(StandardCharsets.UTF_8))) % partitions;
            if (!input.contains(inputPartition) || !spans.contains(spansPartition)) {
                input.add(inputPartition);
                spans.add(spansPartition);
                chosen.add(n);
            }
        }
        return chosen;
    }

    private double throughput() throws Exception {
        closers = 0;
        try (Rig rig = Rig.start("throughput", partitions)) {
            progress("broker up (%d partitions, %d stream threads); producing %d backlog traces", partitions, threads,
                    traces);
            long firstEndMicros = alignedStartMs() * 1000;
            long stepMicros = 1_000_000L / eventRate;
            try (KafkaProducer<byte[], byte[]> producer = rig.producer()) {
                for (long n = 0; n < traces; n++) {
                    producer.send(Rig.traceRecord(rig.topics.input.name(), n, 1, firstEndMicros + n * stepMicros, true));
                }
                // Traces far ahead in event time, on every input and every qf.spans partition: the first round moves
                // every partition past the backlog's windows once it is assembled, which the second round makes
                // happen (a trace is assembled when time passes its idle deadline, and only later spans move time,
                // on the slowest partition).
                long closerMicros = firstEndMicros + traces * stepMicros
                        + (Rig.WINDOW_MS + Rig.GRACE_MS + Rig.IDLE_MS + 2_000) * 1000;
                long next = traces;
                for (long at : new long[] {closerMicros, closerMicros + (Rig.IDLE_MS + 2_000) * 1000}) {
                    for (long n : closers(next)) {
                        producer.send(Rig.traceRecord(rig.topics.input.name(), n, 1, at, true));
                        closers++;
                        next = n + 1;
                    }
                }
                producer.flush();
            }
            long records = traces + closers;
            double passThroughSpansPerS = Double.NaN;
            if (phases.contains("passthrough")) {
                // The first copy warms the JIT for the client code both runs share; the second is the ceiling.
                passThrough(rig, records, "passthrough-warmup");
                double recordsPerS = passThrough(rig, records, "passthrough");
                passThroughSpansPerS = recordsPerS * SyntheticTraces.SPANS_PER_TRACE;
                report.add(new Figure("pipeline.passthrough.spans-per-s" + figureSuffix, "ceiling", passThroughSpansPerS, "spans/s",
                        null, null, null, null, true));
            }
            if (!phases.contains("pipeline")) {
                return Double.NaN;
            }
            double spansPerS = pipeline(rig);
            report.add(new Figure("pipeline.sustained.spans-per-s" + figureSuffix, "pipeline", spansPerS, "spans/s",
                    Double.isNaN(passThroughSpansPerS) ? null : spansPerS / passThroughSpansPerS,
                    "pipeline / pass-through of the same records on the same broker",
                    ">= 100,000 spans/s and >= 0.3 of pass-through",
                    spansPerS >= TARGET_SPANS_PER_S
                            && (Double.isNaN(passThroughSpansPerS) || spansPerS / passThroughSpansPerS >= TARGET_RATIO),
                    true));
            return spansPerS;
        }
    }

    /** Copies the input topic to another topic with a plain consumer and producer; records/s. */
    private double passThrough(Rig rig, long records, String name) throws Exception {
        String target = name + "-out";
        rig.kafka.createTopics(partitions, target);
        Properties props = rig.kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, name);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long copied = 0;
        long first = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(rig.kafka.clientProperties(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            consumer.subscribe(List.of(rig.topics.input.name()));
            long lastPrint = System.nanoTime();
            while (copied < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    producer.send(new ProducerRecord<>(target, null, record.timestamp(), record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    copied++;
                }
                // Commit after the batch's sends, as a pass-through that loses nothing on a crash would.
                consumer.commitAsync(offsets, null);
                if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                    progress("%s: %d of %d records copied", name, copied, records);
                    lastPrint = System.nanoTime();
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - first) / 1e9;
        double rate = copied / seconds;
        progress("%s: %d records in %.2f s = %.0f records/s = %.0f spans/s", name, copied, seconds, rate,
                rate * SyntheticTraces.SPANS_PER_TRACE);
        return rate;
    }

    /** Runs the app over the backlog; spans/s from the first span decoded to the decision covering the last trace. */
    private double pipeline(Rig rig) throws Exception {
        long spans = (long) traces * SyntheticTraces.SPANS_PER_TRACE;
        try (DecisionWatcher watcher = new DecisionWatcher(rig);
             StreamsApp app = StreamsApp.start(rig.appConfig("bench-pipeline", threads, guarantee, format, appSettings))) {
            StreamsProbe probe = new StreamsProbe(app.streams());
            long processCpuStart = processCpuNanos();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(pipelineTimeoutMinutes);
            long first = 0;
            long decodedAll = 0;
            long assembledAll = 0;
            long lastPrint = System.nanoTime();
            while (watcher.tracesDecided() + probe.counter("late-traces") < traces) {
                if (System.nanoTime() > deadline || app.streams().state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("pipeline did not decide all " + traces + " traces (decided "
                            + watcher.tracesDecided() + ", late " + probe.counter("late-traces") + ", state "
                            + app.streams().state() + "); decisions: " + watcher.seen());
                }
                long decoded = probe.spansDecoded();
                long now = System.nanoTime();
                if (first == 0 && decoded > 0) {
                    first = now;
                }
                if (decodedAll == 0 && decoded >= spans) {
                    decodedAll = now;
                }
                if (assembledAll == 0 && probe.tracesAssembled() >= traces) {
                    assembledAll = now;
                }
                if (now - lastPrint > 2_000_000_000L) {
                    progress("pipeline: %d/%d spans decoded, %d traces assembled, %d traces decided in %d decisions",
                            decoded, spans + closers * SyntheticTraces.SPANS_PER_TRACE, probe.tracesAssembled(),
                            watcher.tracesDecided(), watcher.seen().size());
                    lastPrint = now;
                }
                // Not faster: each probe walks all of Streams' metrics, on the same two cores as the pipeline.
                Thread.sleep(100);
            }
            // The decision's own arrival time, not when this loop noticed it.
            long lastDecisionMs = watcher.seen().stream().mapToLong(DecisionWatcher.Seen::receivedAtMs).max().orElseThrow();
            long done = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - lastDecisionMs);
            long late = probe.counter("late-traces");
            // CPU of the app's stream threads (all of the topology's work; RocksDB's own native threads aside) and of
            // the whole process, which also holds the broker, the producer and this loop.
            double streamCpuSeconds = streamThreadCpuNanos() / 1e9;
            double processCpuSeconds = (processCpuNanos() - processCpuStart) / 1e9;
            double millions = spans / 1e6;
            double seconds = (done - first) / 1e9;
            double rate = spans / seconds;
            progress("pipeline: %d spans in %.2f s = %.0f spans/s (ingest done after %.2f s, assembly after %.2f s; "
                            + "%d late traces)", spans, seconds, rate, (decodedAll - first) / 1e9,
                    assembledAll == 0 ? Double.NaN : (assembledAll - first) / 1e9, late);
            if (late > 0) {
                report.note(late + " traces arrived after their window closed and were not decided (partitions "
                        + "drifted apart by more than the grace period).");
            }
            report.add(new Figure("pipeline.late-traces" + figureSuffix, "window", late, "traces", null, null, "0",
                    late == 0, false));
            report.add(new Figure("pipeline.stream-thread-cpu-s-per-million-spans" + figureSuffix, "pipeline",
                    streamCpuSeconds / millions, "CPU-s", null, null, null, null, false));
            report.add(new Figure("pipeline.process-cpu-s-per-million-spans" + figureSuffix, "pipeline + broker",
                    processCpuSeconds / millions, "CPU-s", null, null, null, null, false));
            progress("pipeline: %.1f CPU-s per million spans in the stream threads, %.1f in the whole process "
                    + "(broker included)", streamCpuSeconds / millions, processCpuSeconds / millions);
            report.add(new Figure("pipeline.ingest-phase.spans-per-s" + figureSuffix, "ingest", spans / ((decodedAll - first) / 1e9),
                    "spans/s", null, null, null, null, true));
            return rate;
        }
    }

    /** CPU time of every live Kafka Streams stream thread of this JVM since it started. */
    private static long streamThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ---------------------------------------------------------------------------------------------- memory

    private void memory() throws Exception {
        try (Rig rig = Rig.start("memory", partitions);
             StreamsApp app = StreamsApp.start(rig.appConfig("bench-memory", threads, guarantee, format, appSettings))) {
            StreamsProbe probe = new StreamsProbe(app.streams());
            waitFor("app running", Duration.ofMinutes(2), () -> app.streams().state() == KafkaStreams.State.RUNNING);
            long heapBefore = heapAfterGc();
            long rocksBefore = probe.rocksDbMemoryBytes();
            long endMicros = alignedStartMs() * 1000;
            int spansPerTrace = SyntheticTraces.SPANS_PER_TRACE - 1;
            try (KafkaProducer<byte[], byte[]> producer = rig.producer()) {
                for (long n = 0; n < inFlight; n++) {
                    // Roots withheld: no trace can be assembled before trace.max.wait.ms of event time passes.
                    producer.send(Rig.traceRecord(rig.topics.input.name(), n, 2, endMicros + n * 10, false));
                }
                producer.flush();
            }
            long spans = (long) inFlight * spansPerTrace;
            waitFor(spans + " spans decoded", Duration.ofMinutes(5), () -> probe.spansDecoded() >= spans);
            waitFor("assembly caught up", Duration.ofMinutes(5), () -> lag(rig, "bench-memory", rig.topics.spans.name()) == 0);
            Thread.sleep(500);
            long heapAfter = heapAfterGc();
            long rocksAfter = probe.rocksDbMemoryBytes();
            Map<String, Double> breakdown = probe.rocksDbBreakdown();
            long disk = rig.stateDirBytes();
            progress("memory: heap %d -> %d MiB, RocksDB %d -> %d KiB %s, state dir %d KiB", heapBefore >> 20,
                    heapAfter >> 20, rocksBefore >> 10, rocksAfter >> 10, breakdown, disk >> 10);
            report.add(new Figure("pipeline.memory.heap-delta-mib", "memory", (heapAfter - heapBefore) / 1048576.0,
                    "MiB", null, null, "reported (no target)", null, false));
            report.add(new Figure("pipeline.memory.rocksdb-mib", "memory", rocksAfter / 1048576.0, "MiB", null, null,
                    "reported (no target)", null, false));
            report.add(new Figure("pipeline.memory.state-dir-mib", "memory", disk / 1048576.0, "MiB", null, null,
                    null, null, false));
            report.note(String.format(Locale.ROOT, "memory phase: %d traces (%d spans) in flight; heap used after a "
                            + "full GC %d MiB before and %d MiB after (the broker shares this JVM, so only the delta is "
                            + "the app's); RocksDB from Kafka Streams' metrics %s (sum over stores), %d MiB on disk in "
                            + "state.dir", inFlight, spans, heapBefore >> 20, heapAfter >> 20, breakdown,
                    disk >> 20));
        }
    }

    private static long lag(Rig rig, String group, String topic) {
        try (Admin admin = Admin.create(rig.kafka.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            for (int p = 0; p < rig.partitions; p++) {
                wanted.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(wanted).all()
                    .get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                // Under exactly-once the log end includes the last transaction marker, which is never "consumed".
                lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()) - 1);
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("reading the lag of " + group + " failed: " + e, e);
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------------------------------------- latency

    private void latency(int spansPerS) throws Exception {
        int tracesPerS = Math.max(1, spansPerS / SyntheticTraces.SPANS_PER_TRACE);
        try (Rig rig = Rig.start("latency", partitions);
             DecisionWatcher watcher = new DecisionWatcher(rig);
             StreamsApp app = StreamsApp.start(rig.appConfig("bench-latency", threads, guarantee, format, appSettings))) {
            StreamsProbe probe = new StreamsProbe(app.streams());
            waitFor("app running", Duration.ofMinutes(2), () -> app.streams().state() == KafkaStreams.State.RUNNING);
            progress("latency: offering %d spans/s (%d traces/s) live for %d s", tracesPerS * SyntheticTraces.SPANS_PER_TRACE,
                    tracesPerS, liveSeconds);
            long[] producedAt = new long[tracesPerS * (liveSeconds + 2) + 1024];
            int produced = 0;
            try (KafkaProducer<byte[], byte[]> producer = rig.producer()) {
                long start = System.currentTimeMillis();
                long end = start + liveSeconds * 1000L;
                long lastPrint = start;
                long now;
                while ((now = System.currentTimeMillis()) < end) {
                    long due = (now - start) * tracesPerS / 1000;
                    while (produced < due && produced < producedAt.length) {
                        // Event time is the wall clock: the trace's root ends as it is produced.
                        producer.send(Rig.traceRecord(rig.topics.input.name(), produced, 3, now * 1000, true));
                        producedAt[produced++] = now;
                    }
                    if (now - lastPrint >= 2_000) {
                        progress("latency: %d traces produced, %d spans decoded, %d decisions seen", produced,
                                probe.spansDecoded(), watcher.seen().size());
                        lastPrint = now;
                    }
                    Thread.sleep(5);
                }
                producer.flush();
            }
            Thread.sleep(3_000); // decisions already due may still be on their way
            long[] times = Arrays.copyOf(producedAt, produced);
            Histogram histogram = new Histogram(60_000, 3);
            List<String> perWindow = new ArrayList<>();
            for (DecisionWatcher.Seen decision : watcher.seen()) {
                long closedBy = closingRecordProducedAt(times, decision.windowEndMs());
                if (closedBy < 0) {
                    continue; // closed by something other than the live traffic (cannot happen here), skip
                }
                long latency = decision.receivedAtMs() - closedBy;
                perWindow.add(Long.toString(latency));
                histogram.recordValue(Math.max(0, latency));
            }
            if (histogram.getTotalCount() == 0) {
                throw new IllegalStateException("no decision in the latency phase; the pipeline did not keep up");
            }
            double p50 = histogram.getValueAtPercentile(50);
            double p99 = histogram.getValueAtPercentile(99);
            progress("latency: %d windows, p50 %.0f ms, p99 %.0f ms, max %d ms; per window: %s",
                    histogram.getTotalCount(), p50, p99, histogram.getMaxValue(), perWindow);
            report.add(new Figure("pipeline.decision-latency.p99-ms", "decisions", p99, "ms", null, null,
                    "p99 < 1000 ms", p99 < TARGET_P99_MS, false));
            report.add(new Figure("pipeline.decision-latency.p50-ms", "decisions", p50, "ms", null, null, null, null,
                    false));
            report.note(String.format(Locale.ROOT, "latency phase: %d spans/s offered live for %d s, %d windows "
                            + "measured; per-window latencies (ms) %s", tracesPerS * SyntheticTraces.SPANS_PER_TRACE,
                    liveSeconds, histogram.getTotalCount(), perWindow));
        }
    }

    /**
     * The wall clock at which the record that closes the window ending at {@code windowEndMs} was produced, or -1.
     *
     * <p>With event time = wall clock and every trace produced whole as its root ends (so a trace's summary carries
     * start = produced − {@value SyntheticTraces#TRACE_DURATION_MS} ms), the chain of event-time rules is: the window
     * closes when a trace that started at or after end + grace reaches the decision stage; the first such trace T was
     * produced at w(T); assembly emits it once its deadline w(T) + idle has passed in stream time, and stream-time
     * punctuation runs on multiples of one second (Kafka Streams aligns it to 0), so at the first whole second
     * P ≥ w(T) + idle; stream time reaches P with the first record whose root ends at or after P. That record is the
     * one that closes the window; everything after its production is the pipeline's own latency.
     */
    static long closingRecordProducedAt(long[] producedAt, long windowEndMs) {
        long firstStart = windowEndMs + Rig.GRACE_MS + SyntheticTraces.TRACE_DURATION_MS;
        int t = firstAtOrAfter(producedAt, firstStart);
        if (t < 0) {
            return -1;
        }
        long deadline = producedAt[t] + Rig.IDLE_MS;
        long punctuation = (deadline + 999) / 1000 * 1000;
        int closing = firstAtOrAfter(producedAt, punctuation);
        return closing < 0 ? -1 : producedAt[closing];
    }

    private static int firstAtOrAfter(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < sorted.length ? lo : -1;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** A start for backlog event time: an hour ago, on a window boundary. */
    private static long alignedStartMs() {
        long start = System.currentTimeMillis() - 3_600_000;
        return start - start % Rig.WINDOW_MS;
    }

    private void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private void progress(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%6.1f s, load %s] %s%n", (System.nanoTime() - started) / 1e9,
                Machine.loadAverage(), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
