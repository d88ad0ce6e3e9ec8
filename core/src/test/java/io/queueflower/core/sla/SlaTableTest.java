package io.queueflower.core.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlaTableTest {
    private static SlaTable parse(String csv) throws IOException {
        return SlaTable.parse("sla.csv", new StringReader(csv));
    }

    @Test
    void parsesValuesInMsAndEmptyCellsMeanNoSla() throws IOException {
        SlaTable table = parse("""
                service,HTTP GET /hotels,HTTP POST /user
                frontend,200,150.5
                geo,40,

                user,,"75"
                """);
        assertThat(table.slaMs("frontend", "HTTP GET /hotels")).isEqualTo(OptionalDouble.of(200));
        assertThat(table.slaMs("frontend", "HTTP POST /user")).isEqualTo(OptionalDouble.of(150.5));
        assertThat(table.slaMs("geo", "HTTP POST /user")).isEmpty();
        assertThat(table.slaMs("user", "HTTP GET /hotels")).isEmpty();
        assertThat(table.slaMs("user", "HTTP POST /user")).isEqualTo(OptionalDouble.of(75));
        assertThat(table.slaMs("nobody", "HTTP POST /user")).isEmpty();
        assertThat(table.byService()).isEqualTo(Map.of(
                "frontend", Map.of("HTTP GET /hotels", 200.0, "HTTP POST /user", 150.5),
                "geo", Map.of("HTTP GET /hotels", 40.0),
                "user", Map.of("HTTP POST /user", 75.0)));
    }

    @Test
    void acceptsPandasStyleEmptyFirstHeaderCellAndQuotedFlowNames() throws IOException {
        SlaTable table = parse(",\"HTTP GET /a,b\", HTTP GET /c \nsvc, 1 ,2\n");
        assertThat(table.slaMs("svc", "HTTP GET /a,b")).isEqualTo(OptionalDouble.of(1));
        assertThat(table.slaMs("svc", "HTTP GET /c")).isEqualTo(OptionalDouble.of(2));
    }

    @Test
    void strictestForFlowIsTheSmallestSlaOfAnyService() throws IOException {
        SlaTable table = parse("service,f1,f2\na,300,\nb,250,\nc,,9\n");
        assertThat(table.strictestForFlow("f1")).isEqualTo(OptionalDouble.of(250));
        assertThat(table.strictestForFlow("f2")).isEqualTo(OptionalDouble.of(9));
        assertThat(table.strictestForFlow("f3")).isEmpty();
        assertThat(SlaTable.empty().isEmpty()).isTrue();
        assertThat(table.isEmpty()).isFalse();
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "service,f1,f2\\na,1,x\\n                | 2 | 3 | 'x' is not a number of milliseconds (service 'a', flow 'f2')",
            "service,f1,f2\\na,1,2\\nb,-3,2\\n        | 3 | 2 | SLA must be a finite number of milliseconds >= 0, got '-3'",
            "service,f1\\na,NaN\\n                    | 2 | 2 | got 'NaN'",
            "service,f1\\n\\n\\na,1,2\\n              | 4 | 3 | row has 3 fields, the header has 2",
            "service,f1,f2\\na,1\\n                   | 2 | 3 | row has 2 fields, the header has 3",
            "service,f1\\na,1\\nb,2\\na,3\\n          | 4 | 1 | service 'a' already has a row on line 2",
            "service,f1,f1\\n                        | 1 | 3 | flow 'f1' appears twice in the header (column 2)",
            "service,f1,,f3\\n                       | 1 | 3 | empty flow name in header",
            "svc,f1\\na,1\\n                         | 1 | 1 | first header cell must be 'service' (or empty), got 'svc'",
            "service\\na\\n                          | 1 | 0 | header names no flow",
            "service,f1\\n ,1\\n                     | 2 | 1 | empty service name"})
    void errorsNameFileLineAndColumn(String csv, long line, int column, String problem) throws IOException {
        String text = csv.strip().replace("\\n", "\n");
        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(SlaFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("sla.csv");
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                })
                .hasMessageStartingWith("sla.csv: line " + line + (column > 0 ? ", column " + column : "") + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void emptyFileIsAnError() {
        assertThatThrownBy(() -> parse("\n\n")).isInstanceOf(SlaFormatException.class).hasMessageContaining("empty file");
    }

    @Test
    void unterminatedQuoteIsReportedWithTheFileName() {
        assertThatThrownBy(() -> parse("service,f1\na,\"12\n"))
                .isInstanceOf(SlaFormatException.class).hasMessageStartingWith("sla.csv: line");
    }

    @Test
    void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("ave_sla.csv");
        Files.writeString(good, "service,f\nx,12\n");
        assertThat(SlaTable.read(good).slaMs("x", "f")).isEqualTo(OptionalDouble.of(12));
        Path bad = dir.resolve("tail_sla.csv");
        Files.writeString(bad, "service,f\nx,twelve\n");
        assertThatThrownBy(() -> SlaTable.read(bad)).hasMessageStartingWith(bad + ": line 2, column 2");
        assertThatThrownBy(() -> SlaTable.read(dir.resolve("missing.csv"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.csv");
    }

    @Test
    void directConstructionValidatesValues() {
        assertThatThrownBy(() -> SlaTable.of(Map.of("a", Map.of("f", -1.0)))).hasMessageContaining("service a in flow f");
    }
}
