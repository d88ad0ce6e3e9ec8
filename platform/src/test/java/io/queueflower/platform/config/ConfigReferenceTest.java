package io.queueflower.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferenceTest {
    private static final ConfigDef DEFINITION = new ConfigDef()
            .define("demo.rate", ConfigDef.Type.DOUBLE, 5.0, ConfigDef.Importance.HIGH, "Requests per second | mean.")
            .define("demo.url", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Target.");

    @Test
    void rowsNameTheVariableTheShownDefaultAndEscapeTheMeaning() {
        assertThat(ConfigReference.rows(DEFINITION)).containsExactly(
                "| `demo.rate` | `QF_DEMO_RATE` | 5.0 | Requests per second \\| mean. |",
                "| `demo.url` | `QF_DEMO_URL` | (required) | Target. |");
    }

    @Test
    void sectionRowsStopAtTheNextHeading() {
        String readme = "# app\n\n### `a` (`a.*`)\n\n" + ConfigReference.table(DEFINITION)
                + "\n\n### `b`\n\n| `other` | `QF_OTHER` | 1 | x |\n";
        assertThat(ConfigReference.sectionRows(readme, "### `a` (`a.*`)"))
                .containsExactlyElementsOf(ConfigReference.rows(DEFINITION));
        assertThat(ConfigReference.sectionRows(readme, "### `b`")).containsExactly("| `other` | `QF_OTHER` | 1 | x |");
        assertThatThrownBy(() -> ConfigReference.sectionRows(readme, "### `c`"))
                .hasMessageContaining("no section '### `c`'");
    }

    @Test
    void readmeDifferencesNameMissingExtraAndMisorderedRows(@TempDir Path dir) throws IOException {
        List<String> rows = ConfigReference.rows(DEFINITION);
        Path good = Files.writeString(dir.resolve("good.md"),
                "x\n### `a`\n" + ConfigReference.table(DEFINITION) + "\n");
        assertThat(ConfigReference.readmeDifferences(good, "### `a`", DEFINITION)).isEmpty();
        Path bad = Files.writeString(dir.resolve("bad.md"), "x\n### `a`\n" + rows.get(0) + "\n| `demo.old` | x |\n");
        assertThat(ConfigReference.readmeDifferences(bad, "### `a`", DEFINITION))
                .anySatisfy(d -> assertThat(d).contains("lacks").contains("demo.url"))
                .anySatisfy(d -> assertThat(d).contains("does not define").contains("demo.old"));
        Path swapped = Files.writeString(dir.resolve("swapped.md"), "x\n### `a`\n" + rows.get(1) + "\n" + rows.get(0));
        assertThat(ConfigReference.readmeDifferences(swapped, "### `a`", DEFINITION))
                .containsExactly(swapped + ": rows are not in definition order");
        assertThat(ConfigReference.readmeDifferences(good, "### `b`", DEFINITION)).singleElement()
                .satisfies(d -> assertThat(d).contains("no section '### `b`'"));
    }
}
