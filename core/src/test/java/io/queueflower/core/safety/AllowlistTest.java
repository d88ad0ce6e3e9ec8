package io.queueflower.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowlistTest {
    @Test
    void namespaceMustBeListedWhateverTheName() {
        Allowlist allowlist = new Allowlist(Set.of("shop"), Set.of("cart"), Optional.empty());
        assertThat(allowlist.byName(new DeploymentRef("kube-system", "cart")))
                .isInstanceOfSatisfying(Allowlist.Verdict.Refused.class,
                        r -> assertThat(r.reason()).contains("namespace 'kube-system' is not in the allowlist"));
        assertThat(allowlist.byName(new DeploymentRef("shop", "cart"))).isInstanceOf(Allowlist.Verdict.Allowed.class);
        assertThat(allowlist.byName(new DeploymentRef("shop", "payments")))
                .isInstanceOfSatisfying(Allowlist.Verdict.Refused.class,
                        r -> assertThat(r.reason()).contains("shop/payments is not in the allowlist"));
    }

    @Test
    void qualifiedNamesOnlyAllowTheirNamespace() {
        Allowlist allowlist = new Allowlist(Set.of("shop", "blog"), Set.of("shop/cart", "web"), Optional.empty());
        assertThat(allowlist.byName(new DeploymentRef("shop", "cart"))).isInstanceOf(Allowlist.Verdict.Allowed.class);
        assertThat(allowlist.byName(new DeploymentRef("blog", "cart"))).isInstanceOf(Allowlist.Verdict.Refused.class);
        assertThat(allowlist.byName(new DeploymentRef("blog", "web"))).isInstanceOf(Allowlist.Verdict.Allowed.class);
        assertThat(allowlist.byName(new DeploymentRef("shop", "web"))).isInstanceOf(Allowlist.Verdict.Allowed.class);
    }

    @Test
    void labelSelectorDecidesForUnlistedDeploymentsInAllowedNamespaces() {
        Allowlist allowlist = new Allowlist(Set.of("shop"), Set.of(),
                Optional.of(LabelSelector.parse("queueflower.io/scalable=true")));
        DeploymentRef cart = new DeploymentRef("shop", "cart");
        assertThat(allowlist.byName(cart)).isInstanceOf(Allowlist.Verdict.NeedsLabels.class);
        assertThat(allowlist.byLabels(cart, Map.of("queueflower.io/scalable", "true")))
                .isInstanceOf(Allowlist.Verdict.Allowed.class);
        assertThat(allowlist.byLabels(cart, Map.of("app", "cart")))
                .isInstanceOfSatisfying(Allowlist.Verdict.Refused.class,
                        r -> assertThat(r.reason()).contains("do not match the allowed selector"));
        // A matching label does not open a namespace that is not allowed.
        assertThat(allowlist.byLabels(new DeploymentRef("prod", "cart"), Map.of("queueflower.io/scalable", "true")))
                .isInstanceOf(Allowlist.Verdict.Refused.class);
    }

    @Test
    void anAllowlistMustNameItsRemit() {
        assertThatThrownBy(() -> new Allowlist(Set.of(), Set.of("cart"), Optional.empty()))
                .hasMessageContaining("at least one namespace");
        assertThatThrownBy(() -> new Allowlist(Set.of("shop"), Set.of(), Optional.empty()))
                .hasMessageContaining("Deployment names or a label selector");
        assertThatThrownBy(() -> new Allowlist(Set.of("shop"), Set.of("blog/web"), Optional.empty()))
                .hasMessageContaining("blog/web").hasMessageContaining("not an allowed namespace");
        assertThatThrownBy(() -> new Allowlist(Set.of("Shop"), Set.of("cart"), Optional.empty()))
                .hasMessageContaining("invalid namespace 'Shop'");
    }

    @Test
    void deploymentRefsRejectPathTricks() {
        assertThatThrownBy(() -> new DeploymentRef("shop", "../secrets")).hasMessageContaining("invalid Deployment name");
        assertThatThrownBy(() -> new DeploymentRef("shop/x", "cart")).hasMessageContaining("invalid namespace");
        assertThatThrownBy(() -> DeploymentRef.parse("shop")).hasMessageContaining("namespace/deployment");
        assertThat(DeploymentRef.parse("shop/cart.v2")).isEqualTo(new DeploymentRef("shop", "cart.v2"));
    }
}
