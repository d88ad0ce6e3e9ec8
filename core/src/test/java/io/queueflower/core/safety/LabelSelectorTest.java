package io.queueflower.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    static final Map<String, String> CART = Map.of("app", "cart", "tier", "web", "queueflower.io/scalable", "true");

    @Test
    void equalityRequirements() {
        assertThat(LabelSelector.parse("app=cart").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("app==cart").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("app = cart , tier=web").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("app=db").matches(CART)).isFalse();
        assertThat(LabelSelector.parse("tier!=db").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("tier!=web").matches(CART)).isFalse();
        assertThat(LabelSelector.parse("missing!=x").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("queueflower.io/scalable=true").matches(CART)).isTrue();
    }

    @Test
    void setAndExistenceRequirements() {
        assertThat(LabelSelector.parse("tier in (web, api)").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("tier in (db,cache)").matches(CART)).isFalse();
        assertThat(LabelSelector.parse("tier notin (db,cache)").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("tier notin (web)").matches(CART)).isFalse();
        assertThat(LabelSelector.parse("app").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("!legacy").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(CART)).isFalse();
        assertThat(LabelSelector.parse("app,tier in (web),!legacy").matches(CART)).isTrue();
        assertThat(LabelSelector.parse("app,tier in (web),!tier").matches(CART)).isFalse();
    }

    @Test
    void malformedSelectorsAreRejectedNamingThePart() {
        assertThatThrownBy(() -> LabelSelector.parse("tier in (web")).hasMessageContaining("unmatched '('");
        assertThatThrownBy(() -> LabelSelector.parse("app=cart,,tier=web")).hasMessageContaining("empty requirement");
        assertThatThrownBy(() -> LabelSelector.parse("tier in web")).hasMessageContaining("parentheses");
        assertThatThrownBy(() -> LabelSelector.parse("app=ca rt")).hasMessageContaining("'ca rt' is not a valid label value");
        assertThatThrownBy(() -> LabelSelector.parse("tier like web")).hasMessageContaining("cannot parse requirement 'tier like web'");
        assertThatThrownBy(() -> LabelSelector.parse("")).hasMessageContaining("empty");
    }
}
