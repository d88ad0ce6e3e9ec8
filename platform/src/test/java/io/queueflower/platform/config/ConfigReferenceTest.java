package io.queueflower.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

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
}
