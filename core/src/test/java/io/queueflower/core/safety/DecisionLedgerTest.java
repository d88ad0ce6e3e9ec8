package io.queueflower.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionLedgerTest {
    @Test
    void duplicatesAndOlderWindowsAreRecognisedPerNamespace() {
        DecisionLedger ledger = new DecisionLedger(10);
        assertThat(ledger.check("shop", "shop/queueflower/1000", 1000)).isInstanceOf(DecisionLedger.Verdict.Fresh.class);
        ledger.record("shop", "shop/queueflower/1000", 1000);
        assertThat(ledger.check("shop", "shop/queueflower/1000", 1000))
                .isInstanceOf(DecisionLedger.Verdict.Duplicate.class);
        assertThat(ledger.check("shop", "shop/queueflower/900", 900))
                .isInstanceOfSatisfying(DecisionLedger.Verdict.Stale.class,
                        s -> assertThat(s.reason()).contains("900").contains("1000"));
        // Same window, other algorithm: not a duplicate.
        assertThat(ledger.check("shop", "shop/hab/1000", 1000)).isInstanceOf(DecisionLedger.Verdict.Fresh.class);
        assertThat(ledger.check("blog", "blog/queueflower/900", 900)).isInstanceOf(DecisionLedger.Verdict.Fresh.class);
        ledger.reset();
        assertThat(ledger.check("shop", "shop/queueflower/1000", 1000)).isInstanceOf(DecisionLedger.Verdict.Fresh.class);
    }

    @Test
    void onlyTheMostRecentIdsAreRemembered() {
        DecisionLedger ledger = new DecisionLedger(2);
        ledger.record("shop", "a", 1);
        ledger.record("shop", "b", 2);
        ledger.record("shop", "c", 3);
        // 'a' was forgotten as an id, but is still stale by its window.
        assertThat(ledger.check("shop", "a", 1)).isInstanceOf(DecisionLedger.Verdict.Stale.class);
        assertThat(ledger.check("shop", "c", 3)).isInstanceOf(DecisionLedger.Verdict.Duplicate.class);
    }
}
