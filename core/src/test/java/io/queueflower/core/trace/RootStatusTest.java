package io.queueflower.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RootStatusTest {
    @ParameterizedTest(name = "error={0} status={1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "false, null, false",
            "true,  null, true",
            "true,  200,  true",
            "false, 200,  false",
            "false, 299,  false",
            "false, 300,  true",
            "false, 199,  true",
            "false, 404,  true",
            "false, 500,  true",
            "false, 0,    false", // gRPC OK
            "false, 2,    true",  // gRPC UNKNOWN
            "false, 14,   true"}) // gRPC UNAVAILABLE
    void errorFlagOrStatusOutside2xx(boolean error, Integer status, boolean expected) {
        assertThat(RootStatus.isError(error, status)).isEqualTo(expected);
    }
}
