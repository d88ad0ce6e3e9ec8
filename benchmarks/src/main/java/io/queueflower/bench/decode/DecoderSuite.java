package io.queueflower.bench.decode;

import io.queueflower.bench.report.Figure;
import io.queueflower.bench.report.Jmh;
import io.queueflower.bench.report.SuiteArgs;
import io.queueflower.bench.report.SuiteReport;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link DecoderBenchmark} and prints, per encoding, spans/s per core into canonical Avro and its ratio to the
 * library parse of the same bytes measured in the same run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.queueflower.bench.decode.DecoderSuite [--out f.json] [JMH options]</pre>
 */
public final class DecoderSuite {
    static final double OTLP_TARGET = 1_000_000;

    private DecoderSuite() {
    }

    public static void main(String[] args) {
        SuiteArgs parsed = SuiteArgs.parse(args);
        SuiteReport report = new SuiteReport("decoders", "java -cp benchmarks/target/benchmarks.jar "
                + DecoderSuite.class.getName());
        Map<String, Jmh.Score> scores = Jmh.run(DecoderBenchmark.class, parsed.rest());
        for (String format : List.of("otlp-proto", "auto", "jaeger-proto", "otlp-json", "jaeger-json")) {
            Jmh.Score full = scores.get("decodeAndSerialize|format=" + format);
            Jmh.Score decode = scores.get("decode|format=" + format);
            Jmh.Score parse = scores.get("parse|format=" + format);
            if (full == null || parse == null) {
                continue; // left out with -p format=...
            }
            boolean otlp = format.equals("otlp-proto");
            report.add(new Figure("decoders." + format + ".spans-per-s", "decode+serialize", full.value(),
                    "spans/s", full.value() / parse.value(),
                    "decode+serialize / library parse of the same bytes (" + SuiteReport.format(parse.value())
                            + " spans/s)",
                    otlp ? ">= 1,000,000 spans/s per core" : null, otlp ? full.value() >= OTLP_TARGET : null, true));
            if (decode != null) {
                report.add(new Figure("decoders." + format + ".decode-only-spans-per-s", "decode", decode.value(),
                        "spans/s", decode.value() / parse.value(), "decode only / library parse", null, null, true));
            }
        }
        report.note("One JMH thread; 'per core' means one benchmark thread, with the JVM's JIT and GC threads free to "
                + "use the other core unless run-all.sh pins the run (it does, with taskset, when available).");
        report.finish(parsed.out());
    }
}
