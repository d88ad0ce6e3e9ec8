package io.queueflower.scaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScalerCliTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> environment, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter usage = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine commandLine = new CommandLine(new ScalerCli(environment));
            commandLine.setOut(new PrintWriter(usage, true));
            int exit = commandLine.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8) + usage, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void helpDescribesTheOptionsAndWhereConfigurationComesFrom() {
        Run run = run(Map.of(), "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--config", "--set", "--print-config", "QF_SCALER_MAX_STEP_UP", "/health",
                "/ready", "/metrics");
    }

    @Test
    void printConfigShowsTheEffectiveConfigurationWithSecretsMasked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scaler.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka:9092
                schema.registry.url=mock://cli
                scaler.allow.namespaces=shop
                scaler.allow.deployments=cart
                sasl.jaas.config=PlainLoginModule required password="topsecret";
                """);
        Run run = run(Map.of("QF_SCALER_DRY_RUN", "true"), "--config", file.toString(), "--set",
                "scaler.max.step.down=2", "--print-config");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("scaler.dry.run = true", "scaler.max.step.down = 2",
                "scaler.allow.namespaces = [shop]", "sasl.jaas.config = [hidden]").doesNotContain("topsecret");
    }

    @Test
    void anInvalidConfigurationStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scaler.properties");
        Files.writeString(file, "bootstrap.servers=kafka:9092\nschema.registry.url=mock://cli\n"
                + "scaler.allow.namespaces=shop\nscaler.allow.deployments=cart\n");
        Run run = run(Map.of("QF_SCALER_WRITE_METHOD", "replace"), "--config", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid configuration", "scaler.write.method", "update", "patch");
    }
}
