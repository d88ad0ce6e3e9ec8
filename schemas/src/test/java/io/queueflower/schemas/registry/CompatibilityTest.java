package io.queueflower.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

    private static Schema record(String fieldsJson) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fieldsJson + "]}");
    }

    private static final Schema V1 = record("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema ADD_WITH_DEFAULT = record(
            "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private static final Schema ADD_WITHOUT_DEFAULT = record(
            "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");
    private static final Schema ONLY_B = record("{\"name\":\"b\",\"type\":\"int\",\"default\":0}");

    @Test
    void fieldWithDefaultIsFullyCompatible() {
        assertThat(Compatibility.FULL.violations(ADD_WITH_DEFAULT, List.of(V1))).isEmpty();
        assertThat(Compatibility.FULL.violations(V1, List.of(ADD_WITH_DEFAULT))).isEmpty();
    }

    @Test
    void fieldWithoutDefaultBreaksBackwardOnly() {
        assertThat(Compatibility.BACKWARD.violations(ADD_WITHOUT_DEFAULT, List.of(V1)))
                .singleElement().asString()
                .contains("new schema reading old data").contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("at R.b (/fields/1)");
        assertThat(Compatibility.FORWARD.violations(ADD_WITHOUT_DEFAULT, List.of(V1))).isEmpty();
        assertThat(Compatibility.FULL.violations(ADD_WITHOUT_DEFAULT, List.of(V1))).hasSize(1);
        assertThat(Compatibility.NONE.violations(ADD_WITHOUT_DEFAULT, List.of(V1))).isEmpty();
    }

    @Test
    void removingAFieldWithoutDefaultBreaksForward() {
        assertThat(Compatibility.FORWARD.violations(ONLY_B, List.of(ADD_WITH_DEFAULT)))
                .singleElement().asString().contains("old schema reading new data").contains("a");
        assertThat(Compatibility.BACKWARD.violations(ONLY_B, List.of(ADD_WITH_DEFAULT))).isEmpty();
    }

    @Test
    void transitiveLevelsCompareWithEveryVersion() {
        List<Schema> history = List.of(V1, ADD_WITH_DEFAULT);
        Schema aDefaulted = record("{\"name\":\"a\",\"type\":\"string\",\"default\":\"x\"}");
        // Newest only: ADD_WITH_DEFAULT reads aDefaulted data (b defaults). Transitive: V1 reads it too.
        assertThat(Compatibility.FORWARD.violations(aDefaulted, history)).isEmpty();
        assertThat(Compatibility.FORWARD_TRANSITIVE.violations(aDefaulted, history)).isEmpty();
        // Dropping 'a' is invisible to BACKWARD but the old readers of both versions need it.
        assertThat(Compatibility.FORWARD.violations(ONLY_B, history)).hasSize(1);
        assertThat(Compatibility.FORWARD_TRANSITIVE.violations(ONLY_B, history)).hasSize(2);
        // An ancestor the newest version already broke with is only seen transitively.
        List<Schema> brokenHistory = List.of(V1, ONLY_B);
        Schema bRequired = record("{\"name\":\"b\",\"type\":\"int\"}");
        assertThat(Compatibility.BACKWARD.violations(bRequired, brokenHistory)).isEmpty();
        assertThat(Compatibility.BACKWARD_TRANSITIVE.violations(bRequired, brokenHistory)).hasSize(1);
    }

    @Test
    void locationsBecomeFieldPaths() {
        Schema nested = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Outer\",\"fields\":["
                + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":{\"type\":\"array\",\"items\":"
                + "[\"null\",{\"type\":\"record\",\"name\":\"In\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}]}}}]}");
        assertThat(Compatibility.readablePath(nested, "/fields/0/type/values/items/1/fields/0"))
                .isEqualTo("Outer.m{}[]<In>.x (/fields/0/type/values/items/1/fields/0)");
        assertThat(Compatibility.readablePath(nested, "/fields/9")).isEqualTo("/fields/9");
    }

    @Test
    void enumSymbolsNeedADefaultToEvolve() {
        Schema two = new Schema.Parser().parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}");
        Schema three = new Schema.Parser().parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\"]}");
        Schema twoDefaulted = new Schema.Parser().parse(
                "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"],\"default\":\"A\"}");
        assertThat(Compatibility.FORWARD.violations(three, List.of(two))).singleElement().asString()
                .contains("MISSING_ENUM_SYMBOLS");
        assertThat(Compatibility.FORWARD.violations(three, List.of(twoDefaulted))).isEmpty();
    }
}
