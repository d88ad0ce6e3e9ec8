package io.queueflower.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one suite run with the machine's state, printed as a Markdown table and written as JSON. */
public final class SuiteReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String suite;
    private final String command;
    private final String loadBefore;
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public SuiteReport(String suite, String command) {
        this.suite = suite;
        this.command = command;
        this.loadBefore = Machine.loadAverage();
    }

    public SuiteReport add(Figure figure) {
        figures.add(figure);
        return this;
    }

    public SuiteReport note(String note) {
        notes.add(note);
        return this;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** Prints the table to stdout and, when {@code out} is not null, writes the JSON results there. */
    public void finish(Path out) {
        String loadAfter = Machine.loadAverage();
        System.out.println();
        System.out.printf("## %s (%d cores, load average before %s, after %s)%n%n", suite, Machine.cores(),
                loadBefore, loadAfter);
        System.out.println("| figure | value | ratio | ratio is | target | met |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (Figure f : figures) {
            System.out.printf(Locale.ROOT, "| %s | %s %s | %s | %s | %s | %s |%n", f.id(), format(f.value()), f.unit(),
                    f.ratio() == null ? "–" : String.format(Locale.ROOT, "%.3f", f.ratio()),
                    f.ratioMeaning() == null ? "–" : f.ratioMeaning(), f.target() == null ? "–" : f.target(),
                    f.targetMet() == null ? "–" : (f.targetMet() ? "yes" : "**no**"));
        }
        notes.forEach(n -> System.out.println("\n* " + n));
        System.out.println();
        if (out == null) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("suite", suite);
        doc.put("command", command);
        doc.put("measuredAt", Instant.now().toString());
        doc.put("cores", Machine.cores());
        doc.put("loadAverageBefore", loadBefore);
        doc.put("loadAverageAfter", loadAfter);
        doc.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        doc.put("figures", figures);
        doc.put("notes", notes);
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            JSON.writeValue(out.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + out + " failed", e);
        }
        System.out.println("results written to " + out);
    }

    /** Three significant digits, without scientific notation for the magnitudes we print. */
    public static String format(double value) {
        if (value == 0 || Double.isNaN(value)) {
            return Double.toString(value);
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 0.1) {
            return String.format(Locale.ROOT, "%.3f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
