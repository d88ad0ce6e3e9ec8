package io.queueflower.core.sla;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Latency SLAs per (service, flow), in milliseconds, as QueueFlower's violation terms use them
 * ({@code avevio[n][f] = Σ_m q[m][f] − SLAavg[n][f]}; a separate table holds the tail SLAs).
 *
 * <p>CSV format (the shape of the reference implementation's {@code ave_sla.csv}/{@code tail_sla.csv}, read there with
 * pandas {@code index_col=0}): a header {@code service,<flow>,<flow>,…} whose first cell is {@code service} or empty,
 * then one row per service; each cell is the SLA in ms, and an empty cell means that pair has no SLA. Flow names must
 * equal the flows as traces name them (the root operation, e.g. {@code HTTP GET /hotels}); quoting follows RFC 4180.
 * Blank lines are skipped. Values must be finite and non-negative.
 *
 * @param byService service → flow → SLA in ms; pairs without an SLA are absent
 */
public record SlaTable(SortedMap<String, SortedMap<String, Double>> byService) {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    public SlaTable {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        Objects.requireNonNull(byService, "byService").forEach((service, flows) -> {
            TreeMap<String, Double> row = new TreeMap<>();
            flows.forEach((flow, ms) -> {
                if (ms == null || !Double.isFinite(ms) || ms < 0) {
                    throw new IllegalArgumentException("SLA of service " + service + " in flow " + flow
                            + " must be a finite number of ms >= 0, got " + ms);
                }
                row.put(flow, ms);
            });
            if (!row.isEmpty()) {
                copy.put(service, Collections.unmodifiableSortedMap(row));
            }
        });
        byService = Collections.unmodifiableSortedMap(copy);
    }

    /** A table without any SLA. */
    public static SlaTable empty() {
        return new SlaTable(new TreeMap<>());
    }

    /** A table from service → flow → ms. */
    public static SlaTable of(Map<String, ? extends Map<String, Double>> byService) {
        TreeMap<String, SortedMap<String, Double>> copy = new TreeMap<>();
        byService.forEach((service, flows) -> copy.put(service, new TreeMap<>(flows)));
        return new SlaTable(copy);
    }

    /** Reads a table from a CSV file (UTF-8); errors name the file. */
    public static SlaTable read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SLA table " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses CSV text.
     *
     * @param source name used in error messages, normally the file name
     * @throws SlaFormatException naming source, line and column of the first problem
     */
    public static SlaTable parse(String source, Reader reader) throws IOException {
        List<Cell[]> rows = readRows(source, reader);
        if (rows.isEmpty()) {
            throw new SlaFormatException(source, 1, 0, "empty file; expected a header 'service,<flow>,<flow>,...'");
        }
        Cell[] header = rows.get(0);
        String first = header[0].text.trim();
        if (!first.isEmpty() && !first.equalsIgnoreCase("service")) {
            throw new SlaFormatException(source, header[0].line, 1,
                    "first header cell must be 'service' (or empty), got '" + first + "'");
        }
        if (header.length < 2) {
            throw new SlaFormatException(source, header[0].line, 0, "header names no flow; expected 'service,<flow>,...'");
        }
        List<String> flows = new ArrayList<>();
        for (int column = 1; column < header.length; column++) {
            String flow = header[column].text.trim();
            if (flow.isEmpty()) {
                throw new SlaFormatException(source, header[column].line, column + 1, "empty flow name in header");
            }
            if (flows.contains(flow)) {
                throw new SlaFormatException(source, header[column].line, column + 1, "flow '" + flow
                        + "' appears twice in the header (column " + (flows.indexOf(flow) + 2) + ")");
            }
            flows.add(flow);
        }

        TreeMap<String, SortedMap<String, Double>> table = new TreeMap<>();
        Map<String, Long> rowLine = new HashMap<>();
        for (Cell[] row : rows.subList(1, rows.size())) {
            long line = row[0].line;
            if (row.length != header.length) {
                throw new SlaFormatException(source, line, Math.min(row.length, header.length) + 1,
                        "row has " + row.length + " fields, the header has " + header.length);
            }
            String service = row[0].text.trim();
            if (service.isEmpty()) {
                throw new SlaFormatException(source, line, 1, "empty service name");
            }
            Long earlier = rowLine.putIfAbsent(service, line);
            if (earlier != null) {
                throw new SlaFormatException(source, line, 1,
                        "service '" + service + "' already has a row on line " + earlier);
            }
            TreeMap<String, Double> slas = new TreeMap<>();
            for (int column = 1; column < row.length; column++) {
                String text = row[column].text.trim();
                if (text.isEmpty()) {
                    continue;
                }
                double ms;
                try {
                    ms = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new SlaFormatException(source, row[column].line, column + 1, "'" + text
                            + "' is not a number of milliseconds (service '" + service + "', flow '"
                            + flows.get(column - 1) + "')");
                }
                if (!Double.isFinite(ms) || ms < 0) {
                    throw new SlaFormatException(source, row[column].line, column + 1, "SLA must be a finite number"
                            + " of milliseconds >= 0, got '" + text + "' (service '" + service + "', flow '"
                            + flows.get(column - 1) + "')");
                }
                slas.put(flows.get(column - 1), ms);
            }
            table.put(service, slas);
        }
        return new SlaTable(table);
    }

    /** The SLA of a (service, flow) pair in ms, empty when the pair has none. */
    public OptionalDouble slaMs(String service, String flow) {
        SortedMap<String, Double> row = byService.get(service);
        Double ms = row == null ? null : row.get(flow);
        return ms == null ? OptionalDouble.empty() : OptionalDouble.of(ms);
    }

    /**
     * The strictest (smallest) SLA any service has for this flow, in ms; empty when none does. This is the flow's
     * end-to-end SLA for counting violating traces, since the reference compares each SLA with the flow's estimated
     * end-to-end latency Σ_m q[m][f].
     */
    public OptionalDouble strictestForFlow(String flow) {
        return byService.values().stream()
                .filter(row -> row.containsKey(flow))
                .mapToDouble(row -> row.get(flow))
                .min();
    }

    /** True when no pair has an SLA. */
    public boolean isEmpty() {
        return byService.isEmpty();
    }

    private record Cell(String text, long line) {
    }

    // Jackson splits and unquotes; we keep each field's line so errors can point at it.
    private static List<Cell[]> readRows(String source, Reader reader) throws IOException {
        List<Cell[]> rows = new ArrayList<>();
        try (CsvParser parser = (CsvParser) CSV.createParser(reader)) {
            List<Cell> row = null;
            long rowLine = 1;
            JsonToken token;
            while ((token = nextToken(parser, source)) != null) {
                if (token == JsonToken.START_ARRAY) {
                    row = new ArrayList<>();
                    rowLine = parser.currentTokenLocation().getLineNr();
                } else if (token == JsonToken.END_ARRAY) {
                    if (row != null && !row.stream().allMatch(cell -> cell.text.isBlank())) {
                        rows.add(row.toArray(Cell[]::new));
                    }
                    row = null;
                } else if (token == JsonToken.VALUE_STRING && row != null) {
                    long line = parser.currentTokenLocation().getLineNr();
                    row.add(new Cell(parser.getText(), line > 0 ? line : rowLine));
                }
            }
        }
        return rows;
    }

    private static JsonToken nextToken(CsvParser parser, String source) throws IOException {
        try {
            return parser.nextToken();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new SlaFormatException(source, line, 0, "malformed CSV near character " + column + ": "
                    + e.getOriginalMessage());
        }
    }
}
