package io.queueflower.system.deploy;

import io.queueflower.core.safety.Allowlist;
import io.queueflower.core.safety.DeploymentRef;
import io.queueflower.scaler.config.ScalerConfig;
import io.queueflower.core.naming.DeploymentNames;
import io.queueflower.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Whether the scaler may apply what the streams app decides. */
final class Allowlists {
    private Allowlists() {
    }

    /**
     * The Deployments the streams app will send targets for: every service of the hotelReservation sample that is
     * not excluded, named by the app's deployment mapping, in its target namespace.
     */
    static SortedSet<DeploymentRef> decided(StreamsAppConfig streams) {
        DeploymentNames names = streams.deploymentNames();
        String namespace = streams.getString(StreamsAppConfig.TARGET_NAMESPACE);
        SortedSet<String> services = Repository.sampleServices();
        services.removeAll(streams.getList(StreamsAppConfig.EXCLUDED_SERVICES));
        SortedSet<DeploymentRef> refs = new TreeSet<>();
        services.forEach(s -> refs.add(new DeploymentRef(namespace, names.deploymentOf(s))));
        return refs;
    }

    /** Problems for every decided Deployment the scaler's allowlist would refuse by name. */
    static List<String> missingDeployments(StreamsAppConfig streams, ScalerConfig scaler, String where) {
        Allowlist allowlist = scaler.allowlist();
        List<String> problems = new ArrayList<>();
        for (DeploymentRef ref : decided(streams)) {
            if (!(allowlist.byName(ref) instanceof Allowlist.Verdict.Allowed)) {
                problems.add(where + ": the streams app decides for Deployment " + ref + ", which the scaler's"
                        + " allowlist refuses (" + allowlist.byName(ref) + ")");
            }
        }
        return problems;
    }
}
